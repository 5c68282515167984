using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>A user's membership of an organization: their profile, role and status.</summary>
public sealed record Membership
{
    private readonly OrgRole _role;
    private readonly MembershipStatus _status;

    /// <summary>Creates a membership value.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="user">The member's profile.</param>
    /// <param name="role">The member's role.</param>
    /// <param name="status">The member's status.</param>
    /// <exception cref="ArgumentException">An argument is invalid; the exception names it.</exception>
    public Membership(OrganizationId organizationId, User user, OrgRole role, MembershipStatus status)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(user);
        OrganizationId = organizationId;
        User = user;
        _role = Guard.Defined(role, nameof(role));
        _status = Guard.Defined(status, nameof(status));
    }

    /// <summary>The organization.</summary>
    public OrganizationId OrganizationId { get; }

    /// <summary>The member's profile.</summary>
    public User User { get; }

    /// <summary>The member's identifier (the profile's).</summary>
    public UserId UserId => User.Id;

    /// <summary>The member's role.</summary>
    public OrgRole Role
    {
        get => _role;
        init => _role = Guard.Defined(value, nameof(value));
    }

    /// <summary>The member's status.</summary>
    public MembershipStatus Status
    {
        get => _status;
        init => _status = Guard.Defined(value, nameof(value));
    }

    /// <summary>The role and status together.</summary>
    public MembershipState State => new(Role, Status);

    /// <summary>Whether the member is an Admin and active: the only members who may manage users.</summary>
    public bool IsActiveAdmin => State.IsActiveAdmin;

    /// <summary>Returns this membership moved to <paramref name="state"/>.</summary>
    /// <param name="state">The new role and status.</param>
    /// <returns>A new membership value; this one is unchanged.</returns>
    public Membership WithState(MembershipState state) => this with { Role = state.Role, Status = state.Status };
}
