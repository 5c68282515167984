namespace Vectice.Organization;

/// <summary>
/// The organization settings that an Admin toggles and that open two cells of the
/// <see cref="PermissionMatrix"/> to Members. Both are off by default.
/// </summary>
/// <param name="MembersCanCreateWorkspaces">Whether Members may create workspaces.</param>
/// <param name="MembersCanInviteColleagues">Whether Members may invite colleagues (add Members and Viewers).</param>
public readonly record struct OrganizationSettings(bool MembersCanCreateWorkspaces, bool MembersCanInviteColleagues);
