namespace Vectice.Organization;

/// <summary>
/// What a decision needs to know, read consistently from a store at one organization version:
/// the rules in <see cref="MembershipRules"/> are pure functions of it.
/// </summary>
/// <param name="Organization">The organization, with the version the snapshot was read at.</param>
/// <param name="Actor">The acting user's membership, or <see langword="null"/> when they are not a member.</param>
/// <param name="Target">The target's membership, or <see langword="null"/> when they are not a member.</param>
/// <param name="ActiveAdminCount">How many members are active Admins.</param>
/// <param name="PendingChange">
/// The pending change asked for, as of this version, when it belongs to this organization;
/// otherwise <see langword="null"/>.
/// </param>
public sealed record OrganizationSnapshot(
    OrganizationInfo Organization,
    Membership? Actor,
    Membership? Target,
    int ActiveAdminCount,
    PendingChange? PendingChange = null);
