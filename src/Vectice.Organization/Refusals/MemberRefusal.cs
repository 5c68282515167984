namespace Vectice.Organization;

/// <summary>Why one member of a bulk change cannot be moved.</summary>
/// <param name="Member">The member.</param>
/// <param name="Refusal">Why (not a member, deactivated, already in that role).</param>
public sealed record MemberRefusal(UserId Member, Refusal Refusal);
