namespace Vectice.Organization.Stores;

/// <summary>One page of a keyset-paged list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, in the list's order.</param>
/// <param name="Next">Where the next page starts (pass it back as <see cref="PageQuery{T}.After"/>); <see langword="null"/> on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, PageCursor? Next)
{
    /// <summary>Whether another page follows.</summary>
    public bool HasMore => Next is not null;
}
