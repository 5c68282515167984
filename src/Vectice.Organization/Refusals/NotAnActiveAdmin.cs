namespace Vectice.Organization;

/// <summary>The actor is a member of the organization but not an active Admin, so may not manage users (checked again at confirm time).</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Actor">The user who tried to act.</param>
public sealed record NotAnActiveAdmin(OrganizationId OrganizationId, UserId Actor) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.NotAnActiveAdmin;

    /// <inheritdoc />
    public override string Reason => $"User '{Actor}' is not an active Admin of organization '{OrganizationId}'; only active Admins may manage users.";
}
