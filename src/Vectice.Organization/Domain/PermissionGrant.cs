namespace Vectice.Organization;

/// <summary>One cell of the <see cref="PermissionMatrix"/>: whether a role has a permission.</summary>
public enum PermissionGrant
{
    /// <summary>Never allowed.</summary>
    Never = 0,

    /// <summary>Always allowed.</summary>
    Always,

    /// <summary>Allowed when <see cref="OrganizationSettings.MembersCanCreateWorkspaces"/> is on.</summary>
    WhenMembersCanCreateWorkspaces,

    /// <summary>Allowed when <see cref="OrganizationSettings.MembersCanInviteColleagues"/> is on.</summary>
    WhenMembersCanInviteColleagues,
}
