using System.Runtime.CompilerServices;
using Vectice.Organization.Internal;

namespace Vectice.Organization.Stores;

/// <summary>
/// Walks every page of a list, one page read at a time as the caller enumerates: the one walk that
/// every list and both readers share (<see cref="OrganizationDirectory.StreamAsync{T}"/> for a user,
/// <see cref="ReadAllAsync{T}"/> for trusted host code).
/// </summary>
public static class Pages
{
    /// <summary>
    /// Enumerates the items of <paramref name="organizationId"/>'s list that <paramref name="query"/>
    /// asks for, from its cursor on, in the list's order. No permission is checked and nothing is
    /// reported: this is for trusted host code reading a store (a background consumer of the audit
    /// trail from the cursor it keeps, see docs/notifications.md), not for requests on a user's behalf.
    /// </summary>
    /// <typeparam name="T">The list's item type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The list, its filters, the starting cursor and the page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The items.</returns>
    /// <exception cref="ArgumentException">An argument is null or default; the exception names it.</exception>
    public static IAsyncEnumerable<T> ReadAllAsync<T>(IOrganizationStore store, OrganizationId organizationId, PageQuery<T> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        Guard.NotDefault(organizationId, nameof(organizationId));
        query.EnsureValid(nameof(query));
        return Walk(null, query, (store, organizationId), static (s, q, ct) => q.ReadAsync(s.store, s.organizationId, ct), cancellationToken);
    }

    /// <summary>
    /// Yields the items of <paramref name="page"/> (read first when <see langword="null"/>), then of each
    /// next page <paramref name="read"/> reads from its <see cref="Page{T}.Next"/>, until a page has none.
    /// </summary>
    internal static async IAsyncEnumerable<T> Walk<T, TState>(
        Page<T>? page,
        PageQuery<T> query,
        TState state,
        Func<TState, PageQuery<T>, CancellationToken, ValueTask<Page<T>>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        page ??= await read(state, query, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            // Indexed: foreach over the IReadOnlyList would allocate an enumerator per page.
            for (var i = 0; i < page.Items.Count; i++)
            {
                yield return page.Items[i];
            }

            if (page.Next is not { } next)
            {
                yield break;
            }

            page = await read(state, query with { After = next }, cancellationToken).ConfigureAwait(false);
        }
    }
}
