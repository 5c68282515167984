using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// What a host reads of an organization: the organization itself (its name and settings) and one of
/// its members, for its active members (any role); its lists, each keyset-paged: the users list, for
/// its active members; the pending changes and the audit trail, for its active Admins. A non-member
/// is told the organization was not found.
/// </summary>
/// <remarks>
/// Every read decides the reader's right and reads the data at one organization version: the right
/// is read before the data and the version again after it, and a read that a commit came between is
/// done again (up to <see cref="VecticeOrganizationOptions.MaxAttempts"/> times). So a member being
/// deactivated is either refused or shown the list from before, never let in by the old version and
/// served the new one.
/// </remarks>
public sealed class OrganizationDirectory
{
    private readonly ServiceContext _context;

    /// <summary>Creates the directory.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options (how many times a read that a commit came between is done again); validated here.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OrganizationDirectory(IOrganizationStore store, IOptions<VecticeOrganizationOptions> options, ILogger<OrganizationDirectory>? logger = null) =>
        _context = new ServiceContext(store, options, TimeProvider.System, logger ?? NullLogger<OrganizationDirectory>.Instance);

    /// <summary>
    /// Reads the organization: its name, its settings (what a host shows on its settings page, or
    /// checks before offering "create workspace") and its version.
    /// </summary>
    /// <param name="actor">An active member of the organization, of any role.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The organization, or why not. A non-member is told it was not found.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<OrganizationResult> FindOrganizationAsync(UserId actor, OrganizationId organizationId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        cancellationToken.ThrowIfCancellationRequested();
        return FindOrganizationCoreAsync(actor, organizationId, cancellationToken);
    }

    /// <summary>
    /// Reads one member of the organization, whatever their role and status: the row a host shows
    /// when the users list is opened at one user, or to show the signed-in user their own role.
    /// </summary>
    /// <param name="actor">An active member of the organization, of any role (may be <paramref name="userId"/>).</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="userId">The member to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The member, or why not. A non-member actor is told the organization was not found.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<MembershipResult> FindMemberAsync(UserId actor, OrganizationId organizationId, UserId userId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.NotDefault(userId, nameof(userId));
        cancellationToken.ThrowIfCancellationRequested();
        return FindMemberCoreAsync(actor, organizationId, userId, cancellationToken);
    }

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
            OperationNames.ListMembers,
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
            OperationNames.ListPendingChanges,
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
    public ValueTask<PendingChangeResult> FindPendingChangeAsync(
        UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        return FindPendingChangeCoreAsync(actor, pendingChangeId, cancellationToken);
    }

    private async ValueTask<PendingChangeResult> FindPendingChangeCoreAsync(UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = ServiceContext.Trace(OperationNames.FindPendingChange, pendingChangeId.OrganizationId);

        // One snapshot: the change and the actor's membership at one version.
        var snapshot = await _context.Store.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken).ConfigureAwait(false);
        var refusal = snapshot is not { Actor: { } membership, PendingChange: not null }
            ? new PendingChangeNotFound(pendingChangeId)
            : MembershipRules.RequireActiveAdmin(snapshot.Organization.Id, membership);
        if (refusal is not null)
        {
            return PendingChangeResult.FromRefusal(_context.Refused(OperationNames.FindPendingChange, actor, refusal));
        }

        ServiceContext.Succeeded("read");
        return snapshot!.PendingChange!;
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
        ReadAuditAsync(actor, organizationId, query ?? new AuditQuery(), OperationNames.ListAuditEntries, cancellationToken);

    /// <summary>
    /// Streams the audit trail in sequence order from <see cref="AuditQuery.AfterSequence"/>, with the
    /// query's filters, reading one page of <see cref="AuditQuery.Limit"/> entries at a time as the
    /// caller enumerates. The first page is read here; each later page is read, like every directory
    /// read, with the actor's right checked at its version.
    /// </summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The filters, the starting cursor and the page size; everything when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the first read; enumeration takes its own token.</param>
    /// <returns>The entries, or why not. An enumeration that reaches a page the actor may no longer read throws <see cref="RefusalException"/>.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<AuditStreamResult> StreamAuditEntriesAsync(
        UserId actor, OrganizationId organizationId, AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AuditQuery();

        // Started here, so that its argument checks throw from this call.
        var first = ReadAuditAsync(actor, organizationId, query, OperationNames.StreamAuditEntries, cancellationToken);
        return StreamFromAsync(actor, organizationId, query, first);
    }

    private async ValueTask<AuditStreamResult> StreamFromAsync(UserId actor, OrganizationId organizationId, AuditQuery query, ValueTask<PageResult<AuditEntry>> first) =>
        (await first.ConfigureAwait(false)).TryGetValue(out var page, out var refusal)
            ? AuditStreamResult.FromEntries(StreamAsync(actor, organizationId, query, page, CancellationToken.None))
            : AuditStreamResult.FromRefusal(refusal);

    private async IAsyncEnumerable<AuditEntry> StreamAsync(
        UserId actor, OrganizationId organizationId, AuditQuery query, Page<AuditEntry> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The consumer cancels through WithCancellation or await foreach, which sets cancellationToken.
        while (true)
        {
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            if (!page.HasMore || page.Items.Count == 0)
            {
                yield break;
            }

            query = query with { AfterSequence = page.Items[^1].Sequence };
            var next = await ReadAuditAsync(actor, organizationId, query, OperationNames.StreamAuditEntries, cancellationToken).ConfigureAwait(false);
            if (!next.TryGetValue(out var nextPage, out var refusal))
            {
                throw new RefusalException(refusal);
            }

            page = nextPage;
        }
    }

    // One snapshot: the actor's right and the organization at one version, so no retry is needed.
    private async ValueTask<OrganizationResult> FindOrganizationCoreAsync(UserId actor, OrganizationId organizationId, CancellationToken cancellationToken)
    {
        using var activity = ServiceContext.Trace(OperationNames.FindOrganization, organizationId);
        var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
        if (MembershipRules.RequireActiveMember(organizationId, snapshot?.Actor) is { } refusal)
        {
            return OrganizationResult.FromRefusal(_context.Refused(OperationNames.FindOrganization, actor, refusal));
        }

        ServiceContext.Succeeded("read");
        return snapshot!.Organization;
    }

    // One snapshot: the actor's right and the member (its target) at one version.
    private async ValueTask<MembershipResult> FindMemberCoreAsync(UserId actor, OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        using var activity = ServiceContext.Trace(OperationNames.FindMember, organizationId);
        var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, userId, null, cancellationToken).ConfigureAwait(false);
        var refusal = MembershipRules.RequireActiveMember(organizationId, snapshot?.Actor)
            ?? (snapshot!.Target is null ? new MemberNotFound(organizationId, userId) : null);
        if (refusal is not null)
        {
            return MembershipResult.FromRefusal(_context.Refused(OperationNames.FindMember, actor, refusal));
        }

        ServiceContext.Succeeded("read");
        return snapshot!.Target!;
    }

    private ValueTask<PageResult<AuditEntry>> ReadAuditAsync(UserId actor, OrganizationId organizationId, AuditQuery query, string operation, CancellationToken cancellationToken) =>
        ReadAsync(
            actor,
            organizationId,
            MembershipRules.RequireActiveAdmin,
            query,
            static (store, id, q, ct) => store.ListAuditEntriesAsync(id, q, ct),
            operation,
            cancellationToken);

    /// <summary>Checks the arguments of a read, then reads (<see cref="ReadAtOneVersionAsync"/>).</summary>
    private ValueTask<PageResult<T>> ReadAsync<T, TQuery>(
        UserId actor,
        OrganizationId organizationId,
        Func<OrganizationId, Membership?, Refusal?> mayRead,
        TQuery query,
        Func<IOrganizationStore, OrganizationId, TQuery, CancellationToken, ValueTask<Page<T>>> read,
        string operation,
        CancellationToken cancellationToken)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        return ReadAtOneVersionAsync(actor, organizationId, mayRead, query, read, operation, cancellationToken);
    }

    /// <summary>
    /// Decides the actor's right and reads a page at one organization version: the version is read with
    /// the right before the page and again after it; if a commit came between, the read is done again.
    /// One span for the read, retries included, named after <paramref name="operation"/>.
    /// </summary>
    private async ValueTask<PageResult<T>> ReadAtOneVersionAsync<T, TQuery>(
        UserId actor,
        OrganizationId organizationId,
        Func<OrganizationId, Membership?, Refusal?> mayRead,
        TQuery query,
        Func<IOrganizationStore, OrganizationId, TQuery, CancellationToken, ValueTask<Page<T>>> read,
        string operation,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // A span of its own, so that a refusal's tags land on it and not on whatever span the host has open.
        using var activity = ServiceContext.Trace(operation, organizationId);
        for (var attempt = 1; ; attempt++)
        {
            var before = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
            if (mayRead(organizationId, before?.Actor) is { } refusal)
            {
                return PageResult<T>.FromRefusal(_context.Refused(operation, actor, refusal));
            }

            var page = await read(_context.Store, organizationId, query, cancellationToken).ConfigureAwait(false);
            var after = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);

            // Versions only grow, and every write bumps them: the same version after means no commit came between.
            if (after?.Organization.Version == before!.Organization.Version)
            {
                ServiceContext.Succeeded("read");
                return page;
            }

            if (!await _context.RetryAfterConflictAsync(operation, organizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return PageResult<T>.FromRefusal(_context.GiveUp(operation, actor, organizationId, attempt));
            }
        }
    }
}
