namespace Vectice.Organization;

/// <summary>
/// Segregation of duties for pending changes: which changes must be confirmed by an active Admin
/// other than the one who requested them. While it is on, the organization keeps at least two
/// active Admins (so that a second pair of eyes always exists: an organization cannot even be created
/// with it and a lone founder), Admins are made only through a confirmed change, never added directly,
/// and four-eyes itself is weakened only through a change another Admin confirms (except by the lone
/// Admin of an organization that older data left with fewer active Admins, so that a second one can be
/// added). Four-eyes applies to a
/// change as it was when the change was requested: switching it off lifts nothing, and a change it came
/// to guard afterwards (switched on, or made stricter) is refused as stale at confirm, whoever confirms,
/// and must be requested again. Policies are ordered from weakest to strongest.
/// </summary>
public enum FourEyesPolicy
{
    /// <summary>Only the Admin who requested a change may confirm it (the default).</summary>
    Off = 0,

    /// <summary>
    /// A change that grants Admin (a promotion to Admin, or reactivating an Admin), and a settings change
    /// that weakens four-eyes, need another active Admin's confirmation: their requester may not confirm
    /// them. Other changes are confirmed by their requester, as under <see cref="Off"/>.
    /// </summary>
    AdminGrants = 1,

    /// <summary>
    /// Every pending change (role change, deactivation, reactivation, bulk change, requested settings
    /// change) needs another active Admin's confirmation: its requester may not confirm it. What is done
    /// at once is not a pending change: adding a Member or Viewer, a settings change that does not weaken
    /// four-eyes, a cancel, a purge.
    /// </summary>
    AllChanges = 2,
}
