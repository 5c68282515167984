using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>
/// A page request over one of an organization's lists (<see cref="MemberQuery"/>,
/// <see cref="PendingChangeQuery"/>, <see cref="AuditQuery"/>): the page size and the cursor to start
/// after, one shape for every list, so that one walk (<see cref="OrganizationDirectory.StreamAsync{T}"/>,
/// <see cref="Pages.ReadAllAsync{T}"/>) serves them all.
/// </summary>
/// <typeparam name="T">The list's item type.</typeparam>
public abstract record PageQuery<T>
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 1000;

    private readonly int _limit;
    private readonly PageCursor? _after;

    // The SDK's lists only: each knows how it is read and who may read it.
    private protected PageQuery(int defaultLimit) => _limit = defaultLimit;

    /// <summary>How many items to return, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get => _limit; init => _limit = Guard.Limit(value, MaxLimit, nameof(Limit)); }

    /// <summary>
    /// The cursor: start after it (a page's <see cref="Page{T}.Next"/>), or from the start when
    /// <see langword="null"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The cursor is another list's.</exception>
    public PageCursor? After
    {
        get => _after;
        init => _after = value is null || value.List == List
            ? value
            : throw new ArgumentException($"This cursor is another list's; pass back the Next cursor of a page of this list ({GetType().Name}).", nameof(After));
    }

    /// <summary>The letter of this list's cursors.</summary>
    private protected abstract char List { get; }

    /// <summary>The name of the operation that reads a page of this list (<see cref="OperationNames"/>).</summary>
    internal abstract string Operation { get; }

    /// <summary>The cursor to start after <paramref name="item"/>: the next page begins with the item that follows it.</summary>
    /// <param name="item">An item of this list.</param>
    /// <returns>The cursor.</returns>
    public abstract PageCursor CursorAfter(T item);

    /// <summary>
    /// The page a store returns: <paramref name="items"/>, and, when <paramref name="hasMore"/>, the
    /// cursor after the last of them.
    /// </summary>
    /// <param name="items">The page's items, at most <see cref="Limit"/>, in the list's order.</param>
    /// <param name="hasMore">Whether items follow the last one.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">More items follow, but there are none to continue after, or more than <see cref="Limit"/>.</exception>
    public Page<T> PageOf(IReadOnlyList<T> items, bool hasMore)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count > Limit || (hasMore && items.Count == 0))
        {
            throw new ArgumentException($"A page holds 1 to {Limit} items when more follow, and at most {Limit} otherwise.", nameof(items));
        }

        return new Page<T>(items, hasMore ? CursorAfter(items[^1]) : null);
    }

    /// <summary>Throws when the query, as a whole, asks for what no list could hold; its properties check themselves as they are set.</summary>
    /// <param name="paramName">The name of the caller's parameter that holds the query.</param>
    /// <exception cref="ArgumentException">The query asks for nothing that could be listed.</exception>
    internal virtual void EnsureValid(string paramName)
    {
    }

    /// <summary>Who may read this list: its readers' rule.</summary>
    internal abstract Refusal? MayRead(OrganizationId organizationId, Membership? reader);

    /// <summary>Reads the page this query asks for from <paramref name="store"/>.</summary>
    internal abstract ValueTask<Page<T>> ReadAsync(IOrganizationStore store, OrganizationId organizationId, CancellationToken cancellationToken);
}
