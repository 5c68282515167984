using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>A page request over an organization's pending changes, ordered by id.</summary>
public sealed record PendingChangeQuery
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 1000;

    private readonly int _limit = 50;

    /// <summary>How many changes to return, 1 to <see cref="MaxLimit"/>; 50 by default.</summary>
    public int Limit { get => _limit; init => _limit = Guard.Limit(value, MaxLimit, nameof(Limit)); }

    /// <summary>The cursor: start after this id (the last one of the previous page), or from the start.</summary>
    public PendingChangeId? After { get; init; }
}
