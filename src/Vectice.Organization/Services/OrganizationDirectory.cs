using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// The organization's lists, each keyset-paged: the users list, for its active members (any role);
/// the pending changes and the audit trail, for its active Admins. A non-member is told the
/// organization was not found.
/// </summary>
public sealed class OrganizationDirectory
{
    private static readonly IOptions<VecticeOrganizationOptions> Defaults = Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions());

    private readonly ServiceContext _context;

    /// <summary>Creates the directory.</summary>
    /// <param name="store">The store.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public OrganizationDirectory(IOrganizationStore store, ILogger<OrganizationDirectory>? logger = null) =>
        _context = new ServiceContext(store, Defaults, TimeProvider.System, logger ?? NullLogger<OrganizationDirectory>.Instance);

    /// <summary>Lists members, ordered by user id, optionally filtered by role and status.</summary>
    /// <param name="actor">An active member of the organization, of any role.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor, filters and page size; the first 50 members when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<PageResult<Membership>> ListMembersAsync(
        UserId actor, OrganizationId organizationId, MemberQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadAsync(
            actor,
            organizationId,
            MembershipRules.RequireActiveMember,
            query ?? new MemberQuery(),
            static (store, id, q, ct) => store.ListMembersAsync(id, q, ct),
            cancellationToken);

    /// <summary>Lists the changes still waiting for confirmation (expired ones included), ordered by id.</summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor and page size; the first 50 when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<PageResult<PendingChange>> ListPendingChangesAsync(
        UserId actor, OrganizationId organizationId, PendingChangeQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadAsync(
            actor,
            organizationId,
            MembershipRules.RequireActiveAdmin,
            query ?? new PendingChangeQuery(),
            static (store, id, q, ct) => store.ListPendingChangesAsync(id, q, ct),
            cancellationToken);

    /// <summary>
    /// Reads one pending change, in whatever status it is now: what a host needs to show the
    /// confirmation page at its own address, or the outcome after it.
    /// </summary>
    /// <param name="actor">An active Admin of the change's organization.</param>
    /// <param name="pendingChangeId">The pending change.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The change, or why not. A non-member of its organization is told it was not found.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public async ValueTask<PendingChangeResult> FindPendingChangeAsync(
        UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        cancellationToken.ThrowIfCancellationRequested();

        var pending = await _context.Store.FindPendingChangeAsync(pendingChangeId, cancellationToken).ConfigureAwait(false);
        var membership = pending is null ? null : await _context.Store.FindMembershipAsync(pending.OrganizationId, actor, cancellationToken).ConfigureAwait(false);
        var refusal = membership is null ? new PendingChangeNotFound(pendingChangeId) : MembershipRules.RequireActiveAdmin(pending!.OrganizationId, membership);
        return refusal is null ? pending! : PendingChangeResult.FromRefusal(_context.Refused("Find", actor, refusal));
    }

    /// <summary>Reads the audit trail in sequence order.</summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor and page size; the first 100 entries when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<PageResult<AuditEntry>> ListAuditEntriesAsync(
        UserId actor, OrganizationId organizationId, AuditQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadAsync(
            actor,
            organizationId,
            MembershipRules.RequireActiveAdmin,
            query ?? new AuditQuery(),
            static (store, id, q, ct) => store.ListAuditEntriesAsync(id, q, ct),
            cancellationToken);

    /// <summary>
    /// Streams the audit trail in sequence order from <see cref="AuditQuery.AfterSequence"/>, with the
    /// query's filters, reading one page of <see cref="AuditQuery.Limit"/> entries at a time as the
    /// caller enumerates. The actor's right is checked once, before the first page.
    /// </summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The filters, the starting cursor and the page size; everything when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check; enumeration takes its own token.</param>
    /// <returns>The entries, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public async ValueTask<AuditStreamResult> StreamAuditEntriesAsync(
        UserId actor, OrganizationId organizationId, AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        if (await RefuseReadAsync(actor, organizationId, MembershipRules.RequireActiveAdmin, "Stream", cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return AuditStreamResult.FromRefusal(refusal);
        }

        // The enumeration is cancelled by the token its consumer passes to WithCancellation or await foreach.
        return AuditStreamResult.FromEntries(AuditTrail.Stream(_context.Store, organizationId, query ?? new AuditQuery(), CancellationToken.None));
    }

    private async ValueTask<PageResult<T>> ReadAsync<T, TQuery>(
        UserId actor,
        OrganizationId organizationId,
        Func<OrganizationId, Membership?, Refusal?> mayRead,
        TQuery query,
        Func<IOrganizationStore, OrganizationId, TQuery, CancellationToken, ValueTask<Page<T>>> read,
        CancellationToken cancellationToken)
    {
        if (await RefuseReadAsync(actor, organizationId, mayRead, "List", cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return PageResult<T>.FromRefusal(refusal);
        }

        return await read(_context.Store, organizationId, query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the arguments and the actor's right to read; the refusal, logged, or <see langword="null"/>.</summary>
    private async ValueTask<Refusal?> RefuseReadAsync(
        UserId actor, OrganizationId organizationId, Func<OrganizationId, Membership?, Refusal?> mayRead, string operation, CancellationToken cancellationToken)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        cancellationToken.ThrowIfCancellationRequested();

        var membership = await _context.Store.FindMembershipAsync(organizationId, actor, cancellationToken).ConfigureAwait(false);
        return mayRead(organizationId, membership) is { } refusal ? _context.Refused(operation, actor, refusal) : null;
    }
}
