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

    /// <summary>
    /// Whether four-eyes under these settings guards <paramref name="change"/>: an Admin other than its
    /// requester would have to confirm it. At confirm, what counts is four-eyes as it was when the change
    /// was requested (<see cref="PendingChange.NeedsSecondAdmin"/>).
    /// </summary>
    /// <param name="change">The pending change.</param>
    /// <returns><see langword="true"/> when four-eyes applies to it.</returns>
    public bool NeedsSecondAdmin(PendingChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return FourEyes switch
        {
            FourEyesPolicy.AllChanges => true,
            FourEyesPolicy.AdminGrants when change.Kind == ChangeKind.ChangeSettings => change.SettingsAfter?.FourEyes < FourEyes,
            FourEyesPolicy.AdminGrants => change.To.IsActiveAdmin && change.Transitions.Any(t => !t.From.IsActiveAdmin),
            _ => false,
        };
    }

    /// <summary>
    /// Whether these settings would weaken four-eyes as <paramref name="current"/> has it: a weaker policy
    /// (or none) while four-eyes is on. Only another active Admin may confirm such a change.
    /// </summary>
    /// <param name="current">The settings in force.</param>
    /// <returns><see langword="true"/> when the change weakens four-eyes.</returns>
    public bool WeakensFourEyes(OrganizationSettings current) => FourEyes < current.FourEyes;

}
