namespace Vectice.Organization;

/// <summary>
/// The organization settings that an Admin changes: the two that open cells of the
/// <see cref="PermissionMatrix"/> to Members (both off by default), and the four-eyes policy.
/// </summary>
/// <param name="MembersCanCreateWorkspaces">Whether Members may create workspaces.</param>
/// <param name="MembersCanInviteColleagues">Whether Members may invite colleagues (add Members and Viewers).</param>
/// <param name="FourEyes">Which pending changes another Admin must confirm; off by default.</param>
public readonly record struct OrganizationSettings(
    bool MembersCanCreateWorkspaces,
    bool MembersCanInviteColleagues,
    FourEyesPolicy FourEyes = FourEyesPolicy.Off)
{
    /// <summary>How many active Admins the organization must keep: two under four-eyes, else one.</summary>
    public int MinimumActiveAdmins => FourEyes == FourEyesPolicy.Off ? 1 : 2;

    /// <summary>Whether <paramref name="change"/> must be confirmed by an Admin other than its requester.</summary>
    /// <param name="change">The pending change.</param>
    /// <returns><see langword="true"/> when four-eyes applies to it.</returns>
    public bool NeedsSecondAdmin(PendingChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return FourEyes switch
        {
            FourEyesPolicy.AllChanges => true,
            FourEyesPolicy.AdminGrants => change.To.IsActiveAdmin && change.Transitions.Any(t => !t.From.IsActiveAdmin),
            _ => false,
        };
    }
}
