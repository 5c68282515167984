namespace Vectice.Organization;

/// <summary>
/// The permission matrix of Vectice's "User roles and permissions", as data. A check is an
/// array lookup: no allocation, no branching on roles outside this table.
/// </summary>
public static class PermissionMatrix
{
    private const int RoleCount = 3;
    private const int PermissionCount = (int)Permission.BeTeamMember + 1;

    private const PermissionGrant Yes = PermissionGrant.Always;
    private const PermissionGrant No = PermissionGrant.Never;
    private const PermissionGrant IfCreate = PermissionGrant.WhenMembersCanCreateWorkspaces;
    private const PermissionGrant IfInvite = PermissionGrant.WhenMembersCanInviteColleagues;

    // One row per permission, in enum order; columns are Admin, Member, Viewer.
    private static readonly PermissionGrant[] Grants =
    [
        Yes, Yes, Yes,           // ReadWorkspaces
        Yes, Yes, Yes,           // ExportDocumentation
        Yes, Yes, Yes,           // ReviewAndComment
        Yes, IfCreate, No,       // CreateWorkspaces
        Yes, IfInvite, No,       // InviteColleagues
        Yes, No, No,             // DeleteWorkspaces
        Yes, No, No,             // ManageOrganizationSettings
        Yes, No, No,             // ManageUsers
        Yes, No, No,             // ManageInvites
        Yes, No, No,             // ManageReportTemplates
        Yes, No, No,             // ManageTeams
        Yes, Yes, No,            // BeTeamMember
    ];

    /// <summary>Every permission, in the order of the matrix's rows.</summary>
    public static IReadOnlyList<Permission> Permissions { get; } = Array.AsReadOnly(Enum.GetValues<Permission>());

    /// <summary>Every role, in the order of the matrix's columns.</summary>
    public static IReadOnlyList<OrgRole> Roles { get; } = Array.AsReadOnly(Enum.GetValues<OrgRole>());

    /// <summary>Throws unless <paramref name="permission"/> is defined: a range check, as the values are contiguous.</summary>
    internal static void EnsureDefined(Permission permission, string paramName)
    {
        if ((uint)permission >= PermissionCount)
        {
            throw new ArgumentOutOfRangeException(paramName, permission, $"{permission} is not a defined {nameof(Permission)}.");
        }
    }

    /// <summary>Returns the matrix cell for a role and a permission.</summary>
    /// <param name="role">The role (column).</param>
    /// <param name="permission">The permission (row).</param>
    /// <returns>The cell.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not a defined value.</exception>
    public static PermissionGrant GetGrant(OrgRole role, Permission permission)
    {
        var column = (uint)role - 1;
        if (column >= RoleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Not a defined OrgRole.");
        }

        if ((uint)permission >= PermissionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(permission), permission, "Not a defined Permission.");
        }

        return Grants[((int)permission * RoleCount) + (int)column];
    }

    /// <summary>Whether an active member with <paramref name="role"/> has <paramref name="permission"/>.</summary>
    /// <param name="role">The member's role.</param>
    /// <param name="permission">The permission asked for.</param>
    /// <param name="settings">The organization's settings, which open two cells to Members.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not a defined value.</exception>
    public static bool IsAllowed(OrgRole role, Permission permission, OrganizationSettings settings) =>
        GetGrant(role, permission) switch
        {
            PermissionGrant.Always => true,
            PermissionGrant.WhenMembersCanCreateWorkspaces => settings.MembersCanCreateWorkspaces,
            PermissionGrant.WhenMembersCanInviteColleagues => settings.MembersCanInviteColleagues,
            _ => false,
        };

    /// <summary>Whether <paramref name="membership"/> has <paramref name="permission"/>: a deactivated member has none.</summary>
    /// <param name="membership">The member.</param>
    /// <param name="permission">The permission asked for.</param>
    /// <param name="settings">The organization's settings.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public static bool IsAllowed(Membership membership, Permission permission, OrganizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return membership.Status == MembershipStatus.Active && IsAllowed(membership.Role, permission, settings);
    }
}
