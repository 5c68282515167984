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
    /// Whether <paramref name="change"/> must be confirmed by an Admin other than its requester: when
    /// four-eyes under these settings applies to it, or four-eyes as it was when the change was requested
    /// (<see cref="PendingChange.FourEyesAtRequest"/>) did. So switching four-eyes off between a request
    /// and its confirm does not let the requester confirm alone.
    /// </summary>
    /// <param name="change">The pending change.</param>
    /// <returns><see langword="true"/> when four-eyes applies to it.</returns>
    public bool NeedsSecondAdmin(PendingChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Guards(FourEyes, change) || Guards(change.FourEyesAtRequest, change);
    }

    /// <summary>
    /// Whether these settings would weaken four-eyes as <paramref name="current"/> has it: a weaker policy
    /// (or none) while four-eyes is on. Only another active Admin may confirm such a change.
    /// </summary>
    /// <param name="current">The settings in force.</param>
    /// <returns><see langword="true"/> when the change weakens four-eyes.</returns>
    public bool WeakensFourEyes(OrganizationSettings current) => FourEyes < current.FourEyes;

    // What a policy guards: AdminGrants, a change that makes an active Admin or weakens four-eyes; AllChanges, every change.
    private static bool Guards(FourEyesPolicy policy, PendingChange change) => policy switch
    {
        FourEyesPolicy.AllChanges => true,
        FourEyesPolicy.AdminGrants when change.Kind == ChangeKind.ChangeSettings => change.SettingsAfter?.FourEyes < policy,
        FourEyesPolicy.AdminGrants => change.To.IsActiveAdmin && change.Transitions.Any(t => !t.From.IsActiveAdmin),
        _ => false,
    };
}
