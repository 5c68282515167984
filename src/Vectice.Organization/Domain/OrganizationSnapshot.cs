namespace Vectice.Organization;

/// <summary>
/// What a decision needs to know, read consistently from a store at one organization version:
/// the rules in <see cref="MembershipRules"/> are pure functions of it.
/// </summary>
/// <param name="Organization">The organization, with the version the snapshot was read at.</param>
/// <param name="Actor">The acting user's membership, or <see langword="null"/> when they are not a member.</param>
/// <param name="Target">The target's membership, or <see langword="null"/> when they are not a member.</param>
/// <param name="ActiveAdminCount">How many members are active Admins.</param>
public sealed record OrganizationSnapshot(Organization Organization, Membership? Actor, Membership? Target, int ActiveAdminCount);
