using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>A page request over an organization's members, ordered by user id.</summary>
public sealed record MemberQuery
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 1000;

    private readonly int _limit = 50;

    /// <summary>How many members to return, 1 to <see cref="MaxLimit"/>; 50 by default.</summary>
    public int Limit { get => _limit; init => _limit = Guard.Limit(value, MaxLimit, nameof(Limit)); }

    /// <summary>The cursor: start after this user id (the last one of the previous page), or from the start.</summary>
    public UserId? After { get; init; }

    /// <summary>Keep only members with this role.</summary>
    public OrgRole? Role { get; init; }

    /// <summary>Keep only members with this status.</summary>
    public MembershipStatus? Status { get; init; }

    /// <summary>Whether <paramref name="membership"/> passes the role and status filters.</summary>
    /// <param name="membership">A member.</param>
    /// <returns><see langword="true"/> when it should be listed.</returns>
    public bool Matches(Membership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return (Role is null || membership.Role == Role) && (Status is null || membership.Status == Status);
    }
}
