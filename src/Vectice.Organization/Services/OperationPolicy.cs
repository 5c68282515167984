using Microsoft.Extensions.Logging;

namespace Vectice.Organization;

/// <summary>
/// What every service does the same way: log a refusal by its code, and bound the retries after a
/// lost version race (reload, decide again, up to <see cref="VecticeOrganizationOptions.MaxAttempts"/>).
/// </summary>
internal readonly struct OperationPolicy(ILogger logger, int maxAttempts)
{
    public Refusal Refused(string operation, UserId actor, Refusal refusal)
    {
        Log.OperationRefused(logger, operation, actor.Value, refusal.Code);
        return refusal;
    }

    /// <summary>Logs the lost race and says whether another attempt may follow.</summary>
    public bool ShouldRetry(string operation, OrganizationId organizationId, int attempt)
    {
        if (attempt >= maxAttempts)
        {
            return false;
        }

        Log.ConflictRetried(logger, operation, organizationId.Value, attempt, maxAttempts);
        return true;
    }

    public Refusal GiveUp(string operation, UserId actor, OrganizationId organizationId, int attempts) =>
        Refused(operation, actor, new ConcurrencyConflict(organizationId, attempts));
}
