using System.Globalization;
using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>
/// A page request over an organization's audit trail, in sequence order, optionally filtered by
/// target, actor, action and time; for its active Admins. Filters narrow the page; the cursor stays
/// the sequence number.
/// </summary>
public sealed record AuditQuery : PageQuery<AuditEntry>
{
    /// <summary>The letter of an audit trail's cursors.</summary>
    internal const char Letter = 'a';

    /// <summary>A page of 100 entries from the start.</summary>
    public AuditQuery()
        : base(100)
    {
    }

    /// <summary>
    /// For stores: the sequence number to start after, read from <see cref="PageQuery{T}.After"/>; 0 from
    /// the start.
    /// </summary>
    public long AfterSequence => After is { } cursor ? long.Parse(cursor.Key, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    /// <summary>Keep only entries about this member.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(UserId)</c>.</exception>
    public UserId? Target { get; init => field = Guard.NotDefaultOrNull(value, nameof(Target)); }

    /// <summary>Keep only entries applied by this user.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(UserId)</c>.</exception>
    public UserId? Actor { get; init => field = Guard.NotDefaultOrNull(value, nameof(Actor)); }

    /// <summary>Keep only entries of this action.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The action is not a defined value.</exception>
    public AuditAction? Action { get; init => field = Guard.DefinedOrNull(value, nameof(Action)); }

    /// <summary>Keep only entries at or after this instant.</summary>
    /// <remarks>With <see cref="Until"/>, it must be before it: a list refuses a window that holds no instant.</remarks>
    /// <exception cref="ArgumentException">The value is <c>default(DateTimeOffset)</c>.</exception>
    public DateTimeOffset? Since { get; init => field = Instant(value, nameof(Since)); }

    /// <summary>Keep only entries before this instant.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(DateTimeOffset)</c>.</exception>
    public DateTimeOffset? Until { get; init => field = Instant(value, nameof(Until)); }

    /// <inheritdoc />
    private protected override char List => Letter;

    /// <inheritdoc />
    internal override string Operation => OperationNames.ListAuditEntries;

    /// <inheritdoc />
    /// <remarks>A host that consumes the trail keeps this cursor, after the last entry it handled, as its checkpoint.</remarks>
    /// <exception cref="ArgumentException"><paramref name="item"/> has no sequence number: it was not read from a store.</exception>
    public override PageCursor CursorAfter(AuditEntry item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Sequence > 0
            ? PageCursor.Create(Letter, item.Sequence.ToString(CultureInfo.InvariantCulture))
            : throw new ArgumentException("An audit entry has a sequence number once a store has read it back.", nameof(item));
    }

    /// <summary>Whether <paramref name="entry"/> passes the filters (not the cursor).</summary>
    /// <param name="entry">An audit entry.</param>
    /// <returns><see langword="true"/> when it should be listed.</returns>
    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Target is null || entry.Target == Target)
            && (Actor is null || entry.Actor == Actor)
            && (Action is null || entry.Action == Action)
            && (Since is null || entry.At >= Since)
            && (Until is null || entry.At < Until);
    }

    /// <inheritdoc />
    /// <remarks>The window is checked here, once both bounds are set, so that a <c>with</c> expression may move it either way.</remarks>
    internal override void EnsureValid(string paramName)
    {
        if (Since >= Until)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{nameof(Since)} ({Since:O}) is not before {nameof(Until)} ({Until:O}): the window holds no instant, so no entry could be listed."),
                paramName);
        }
    }

    private static DateTimeOffset? Instant(DateTimeOffset? value, string paramName) =>
        value == default(DateTimeOffset)
            ? throw new ArgumentException("An instant is needed: default(DateTimeOffset), which is also DateTimeOffset.MinValue, is none. Leave the bound null to list without it.", paramName)
            : value;

    /// <inheritdoc />
    internal override Refusal? MayRead(OrganizationId organizationId, Membership? reader) => MembershipRules.RequireActiveAdmin(organizationId, reader);

    /// <inheritdoc />
    internal override ValueTask<Page<AuditEntry>> ReadAsync(IOrganizationStore store, OrganizationId organizationId, CancellationToken cancellationToken) =>
        store.ListAuditEntriesAsync(organizationId, this, cancellationToken);
}
