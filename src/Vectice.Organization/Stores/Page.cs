namespace Vectice.Organization.Stores;

/// <summary>One page of a keyset-paged list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, in the list's order.</param>
/// <param name="HasMore">Whether another page follows; pass the last item's key as the next query's cursor.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);
