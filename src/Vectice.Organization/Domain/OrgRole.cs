namespace Vectice.Organization;

/// <summary>
/// A user's role in an organization, as in Vectice's "User roles and permissions".
/// What each role may do is in <see cref="PermissionMatrix"/>.
/// </summary>
/// <remarks>There is no zero value: <c>default(OrgRole)</c> is undefined and refused.</remarks>
public enum OrgRole
{
    /// <summary>Manages the organization: settings, users, invites, report templates and teams.</summary>
    Admin = 1,

    /// <summary>Works in the organization; may create workspaces and invite colleagues when the settings allow.</summary>
    Member = 2,

    /// <summary>Reads, exports, reviews and comments; changes nothing.</summary>
    Viewer = 3,
}
