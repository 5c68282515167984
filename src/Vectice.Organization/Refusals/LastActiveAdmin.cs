namespace Vectice.Organization;

/// <summary>The change would leave the organization without an active Admin.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Target">The last active Admin.</param>
public sealed record LastActiveAdmin(OrganizationId OrganizationId, UserId Target) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.LastActiveAdmin;

    /// <inheritdoc />
    public override string Reason => $"User '{Target}' is the last active Admin of organization '{OrganizationId}'; an organization must keep at least one.";
}
