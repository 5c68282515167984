namespace Vectice.Organization;

/// <summary>The part of a membership that a change moves: its role and its status.</summary>
/// <param name="Role">The role.</param>
/// <param name="Status">The status.</param>
public readonly record struct MembershipState(OrgRole Role, MembershipStatus Status)
{
    /// <summary>Whether this state counts towards the organization's active Admins.</summary>
    public bool IsActiveAdmin => Role == OrgRole.Admin && Status == MembershipStatus.Active;

    /// <inheritdoc />
    public override string ToString() => $"{Role} ({Status})";
}
