namespace Vectice.Organization;

/// <summary>
/// What a host needs to show or allow a member's actions: their role and status and the organization's
/// settings, read together at one organization version.
/// </summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="UserId">The member.</param>
/// <param name="Role">The member's role.</param>
/// <param name="Status">The member's status; a deactivated member has no permission.</param>
/// <param name="Settings">The organization's settings, which open two permissions to Members.</param>
/// <param name="Version">The organization version this was read at.</param>
public sealed record MemberAccess(
    OrganizationId OrganizationId, UserId UserId, OrgRole Role, MembershipStatus Status, OrganizationSettings Settings, long Version)
{
    /// <summary>Gets whether the member is active.</summary>
    public bool IsActive => Status == MembershipStatus.Active;

    /// <summary>Whether the member has <paramref name="permission"/>: never when deactivated.</summary>
    /// <param name="permission">The permission asked for.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public bool IsAllowed(Permission permission) => IsActive && PermissionMatrix.IsAllowed(Role, permission, Settings);
}
