using System.Runtime.CompilerServices;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// Reading an audit trail straight from a store, page after page: for the directory's stream and for
/// hosts that consume the trail from a cursor they keep (see docs/notifications.md).
/// </summary>
public static class AuditTrail
{
    /// <summary>
    /// Enumerates the entries of <paramref name="organizationId"/> after <see cref="AuditQuery.AfterSequence"/>
    /// that pass the query's filters, in sequence order, reading one page at a time. No permission is
    /// checked: this is for trusted host code (a background consumer), not for requests on a user's behalf.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor, filters and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentException">An argument is null or default, thrown by this call, not by the enumeration; the exception names it.</exception>
    public static IAsyncEnumerable<AuditEntry> Stream(
        IOrganizationStore store, OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(query);
        return StreamPages(store, organizationId, query, cancellationToken);
    }

    private static async IAsyncEnumerable<AuditEntry> StreamPages(
        IOrganizationStore store, OrganizationId organizationId, AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            var page = await store.ListAuditEntriesAsync(organizationId, query, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            if (!page.HasMore || page.Items.Count == 0)
            {
                yield break;
            }

            query = query with { AfterSequence = page.Items[^1].Sequence };
        }
    }
}
