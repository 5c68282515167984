namespace Vectice.Organization;

/// <summary>The actor's role, status or the organization's settings do not grant the permission the operation needs.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Actor">The user who tried to act.</param>
/// <param name="Permission">The permission the operation needed.</param>
public sealed record NotPermitted(OrganizationId OrganizationId, UserId Actor, Permission Permission) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.NotPermitted;

    /// <inheritdoc />
    public override string Reason => $"User '{Actor}' does not have the {Permission} permission in organization '{OrganizationId}'.";
}
