using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>A page request over an organization's audit trail, in sequence order.</summary>
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
}
