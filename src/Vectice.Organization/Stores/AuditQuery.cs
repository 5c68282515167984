using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>
/// A page request over an organization's audit trail, in sequence order, optionally filtered by
/// target, actor, action and time. Filters narrow the page; the cursor stays the sequence number.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 1000;

    private readonly int _limit = 100;
    private readonly long _afterSequence;

    /// <summary>How many entries to return, 1 to <see cref="MaxLimit"/>; 100 by default.</summary>
    public int Limit { get => _limit; init => _limit = Guard.Limit(value, MaxLimit, nameof(Limit)); }

    /// <summary>The cursor: start after this sequence number (the last one read), or 0 for the start.</summary>
    public long AfterSequence
    {
        get => _afterSequence;
        init => _afterSequence = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(AfterSequence), value, "The cursor is 0 or more.");
    }

    /// <summary>Keep only entries about this member.</summary>
    public UserId? Target { get; init; }

    /// <summary>Keep only entries applied by this user.</summary>
    public UserId? Actor { get; init; }

    /// <summary>Keep only entries of this action.</summary>
    public AuditAction? Action { get; init; }

    /// <summary>Keep only entries at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Keep only entries before this instant.</summary>
    public DateTimeOffset? Until { get; init; }

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
}
