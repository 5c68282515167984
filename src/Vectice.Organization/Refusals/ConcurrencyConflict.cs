namespace Vectice.Organization;

/// <summary>Other writers changed the organization on every attempt, up to the configured number of attempts. Nothing was stored.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Attempts">How many attempts were made.</param>
public sealed record ConcurrencyConflict(OrganizationId OrganizationId, int Attempts) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.ConcurrencyConflict;

    /// <inheritdoc />
    public override string Reason => $"Organization '{OrganizationId}' kept changing under this operation ({Attempts} attempts); try again.";
}
