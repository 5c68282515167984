namespace Vectice.Organization;

/// <summary>One member of a bulk change, with the role and status they had when it was requested.</summary>
/// <param name="Member">The member.</param>
/// <param name="From">Their role and status at request time; a confirm refuses as stale if they moved.</param>
public readonly record struct MemberTransition(UserId Member, MembershipState From);
