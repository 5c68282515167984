namespace Vectice.Organization;

/// <summary>The organization does not exist, or the actor is not one of its members (the two are not told apart, so that outsiders learn nothing).</summary>
/// <param name="OrganizationId">The organization asked for.</param>
public sealed record OrganizationNotFound(OrganizationId OrganizationId) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.OrganizationNotFound;

    /// <inheritdoc />
    public override string Reason => $"Organization '{OrganizationId}' was not found.";
}
