using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>A page request over an organization's members, ordered by user id; for any active member.</summary>
public sealed record MemberQuery : PageQuery<Membership>
{
    /// <summary>The letter of a members list's cursors.</summary>
    internal const char Letter = 'm';

    /// <summary>A page of 50 members from the start.</summary>
    public MemberQuery()
        : base(50)
    {
    }

    /// <summary>
    /// For stores: the user id to start after, read from <see cref="PageQuery{T}.After"/>; none from the start.
    /// The next page begins with the first member whose id orders after it (ordinal).
    /// </summary>
    public UserId? AfterUserId => After is { } cursor ? new UserId(cursor.Key) : null;

    /// <summary>Keep only members with this role.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The role is not a defined value.</exception>
    public OrgRole? Role { get; init => field = Guard.DefinedOrNull(value, nameof(Role)); }

    /// <summary>Keep only members with this status.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The status is not a defined value.</exception>
    public MembershipStatus? Status { get; init => field = Guard.DefinedOrNull(value, nameof(Status)); }

    /// <inheritdoc />
    private protected override char List => Letter;

    /// <inheritdoc />
    internal override string Operation => OperationNames.ListMembers;

    /// <inheritdoc />
    public override PageCursor CursorAfter(Membership item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return PageCursor.Create(Letter, item.UserId.Value);
    }

    /// <summary>Whether <paramref name="membership"/> passes the role and status filters.</summary>
    /// <param name="membership">A member.</param>
    /// <returns><see langword="true"/> when it should be listed.</returns>
    public bool Matches(Membership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return (Role is null || membership.Role == Role) && (Status is null || membership.Status == Status);
    }

    /// <inheritdoc />
    internal override Refusal? MayRead(OrganizationId organizationId, Membership? reader) => MembershipRules.RequireActiveMember(organizationId, reader);

    /// <inheritdoc />
    internal override ValueTask<Page<Membership>> ReadAsync(IOrganizationStore store, OrganizationId organizationId, CancellationToken cancellationToken) =>
        store.ListMembersAsync(organizationId, this, cancellationToken);
}
