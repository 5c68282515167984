using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>What an Admin asks to do to one member: "Change role to", deactivate or reactivate.</summary>
public readonly record struct MembershipChangeCommand
{
    private MembershipChangeCommand(ChangeKind kind, UserId target, OrgRole newRole)
    {
        Kind = kind;
        Target = target;
        NewRole = newRole;
    }

    /// <summary>What the change does.</summary>
    public ChangeKind Kind { get; }

    /// <summary>The member the change applies to.</summary>
    public UserId Target { get; }

    /// <summary>The role asked for, when <see cref="Kind"/> is <see cref="ChangeKind.ChangeRole"/>.</summary>
    public OrgRole NewRole { get; }

    /// <summary>"Change role to" <paramref name="newRole"/>.</summary>
    /// <param name="target">The member.</param>
    /// <param name="newRole">The role they should have.</param>
    /// <returns>The command.</returns>
    public static MembershipChangeCommand ChangeRole(UserId target, OrgRole newRole)
    {
        Guard.NotDefault(target, nameof(target));
        return new(ChangeKind.ChangeRole, target, Guard.Defined(newRole, nameof(newRole)));
    }

    /// <summary>Deactivate the member.</summary>
    /// <param name="target">The member.</param>
    /// <returns>The command.</returns>
    public static MembershipChangeCommand Deactivate(UserId target)
    {
        Guard.NotDefault(target, nameof(target));
        return new(ChangeKind.Deactivate, target, default);
    }

    /// <summary>Reactivate the member.</summary>
    /// <param name="target">The member.</param>
    /// <returns>The command.</returns>
    public static MembershipChangeCommand Reactivate(UserId target)
    {
        Guard.NotDefault(target, nameof(target));
        return new(ChangeKind.Reactivate, target, default);
    }

    /// <summary>The state a member in <paramref name="current"/> would be in after this command.</summary>
    /// <param name="current">The member's current role and status.</param>
    /// <returns>The state after the change.</returns>
    public MembershipState ApplyTo(MembershipState current) => Kind switch
    {
        ChangeKind.ChangeRole => current with { Role = NewRole },
        ChangeKind.Deactivate => current with { Status = MembershipStatus.Deactivated },
        ChangeKind.Reactivate => current with { Status = MembershipStatus.Active },
        _ => throw new InvalidOperationException("default(MembershipChangeCommand) describes no change."),
    };
}
