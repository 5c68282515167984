using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// What every service holds and does the same way: the store, the clock, validated options, and
/// the logging of refusals and of bounded retries after a lost version race (reload, decide
/// again, up to <see cref="VecticeOrganizationOptions.MaxAttempts"/>).
/// </summary>
internal sealed class ServiceContext
{
    public ServiceContext(IOrganizationStore store, IOptions<VecticeOrganizationOptions> options, TimeProvider? time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        Options = OptionsValidation.Validated(options);
        Time = time ?? TimeProvider.System;
        Logger = logger;
    }

    public IOrganizationStore Store { get; }

    public VecticeOrganizationOptions Options { get; }

    private TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>
    /// The current UTC time, to the microsecond: the finest that every supported database keeps,
    /// so that what a store reads back equals what was written.
    /// </summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow().ToUniversalTime();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public Refusal Refused(string operation, UserId actor, Refusal refusal)
    {
        Log.OperationRefused(Logger, operation, actor.Value, refusal.Code);
        return refusal;
    }

    /// <summary>
    /// Logs the lost race and says whether another attempt may follow. The first retry is at once;
    /// later ones wait a random 0 to 2^(attempt - 1) ms (at most 32), so that writers who keep
    /// colliding on one organization spread out instead of colliding again in lockstep.
    /// </summary>
    public async ValueTask<bool> RetryAfterConflictAsync(string operation, OrganizationId organizationId, int attempt, CancellationToken cancellationToken)
    {
        if (attempt >= Options.MaxAttempts)
        {
            return false;
        }

        Log.ConflictRetried(Logger, operation, organizationId.Value, attempt, Options.MaxAttempts);
        if (attempt > 1)
        {
            // Real time, not the TimeProvider's: spacing out writers is not business time.
            var backoff = Random.Shared.Next(0, 1 << Math.Min(attempt - 1, 5));
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public Refusal GiveUp(string operation, UserId actor, OrganizationId organizationId, int attempts) =>
        Refused(operation, actor, new ConcurrencyConflict(organizationId, attempts));
}
