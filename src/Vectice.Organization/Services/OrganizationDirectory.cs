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
        Validate(actor, organizationId);
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
        Guard.NotDefault(userId, nameof(userId));
        Validate(actor, organizationId);
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
        ReadPageAsync(actor, organizationId, query ?? new MemberQuery(), cancellationToken);

    /// <summary>Lists the changes still waiting for confirmation (expired ones included), ordered by id.</summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor and page size; the first 50 when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<PageResult<PendingChange>> ListPendingChangesAsync(
        UserId actor, OrganizationId organizationId, PendingChangeQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadPageAsync(actor, organizationId, query ?? new PendingChangeQuery(), cancellationToken);

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
    /// <param name="query">The cursor, filters and page size; the first 100 entries when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default, or the query's window holds no instant (<see cref="AuditQuery.Since"/> not before <see cref="AuditQuery.Until"/>); the exception names it.</exception>
    public ValueTask<PageResult<AuditEntry>> ListAuditEntriesAsync(
        UserId actor, OrganizationId organizationId, AuditQuery? query = null, CancellationToken cancellationToken = default) =>
        ReadPageAsync(actor, organizationId, query ?? new AuditQuery(), cancellationToken);

    /// <summary>
    /// Streams every item of one of the organization's lists (the one <paramref name="query"/> is of:
    /// <see cref="MemberQuery"/>, <see cref="PendingChangeQuery"/>, <see cref="AuditQuery"/>) from the
    /// query's cursor, with its filters, reading one page of <see cref="PageQuery{T}.Limit"/> items at a
    /// time as the caller enumerates. The first page is read here; each later page is read, like every
    /// directory read, with the actor's right checked at its version.
    /// </summary>
    /// <typeparam name="T">The list's item type.</typeparam>
    /// <param name="actor">A reader of the list: an active member for the members, an active Admin for the others.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The list, its filters, the starting cursor and the page size.</param>
    /// <param name="cancellationToken">Cancels the first read; enumeration takes its own token.</param>
    /// <returns>The items, or why not. An enumeration that reaches a page the actor may no longer read throws <see cref="RefusalException"/>.</returns>
    /// <exception cref="ArgumentException">An argument is null or default; the exception names it.</exception>
    public ValueTask<StreamResult<T>> StreamAsync<T>(UserId actor, OrganizationId organizationId, PageQuery<T> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Validate(actor, organizationId);
        query.EnsureValid(nameof(query));
        return StreamCoreAsync(actor, organizationId, query, cancellationToken);
    }

    // One snapshot: the actor's right and the organization at one version, so no retry is needed.
    private async ValueTask<OrganizationResult> FindOrganizationCoreAsync(UserId actor, OrganizationId organizationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
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
        cancellationToken.ThrowIfCancellationRequested();
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

    private async ValueTask<StreamResult<T>> StreamCoreAsync<T>(UserId actor, OrganizationId organizationId, PageQuery<T> query, CancellationToken cancellationToken)
    {
        var first = await ReadPageCoreAsync(actor, organizationId, query, OperationNames.StreamPages, cancellationToken).ConfigureAwait(false);
        if (!first.TryGetValue(out var page, out var refusal))
        {
            return StreamResult<T>.FromRefusal(refusal);
        }

        // The consumer cancels through WithCancellation or await foreach, which sets the walk's token.
        return StreamResult<T>.FromItems(new FirstPageOnce<T>(page, first => Pages.Walk(first, query, (Directory: this, Actor: actor, OrganizationId: organizationId), static (s, q, ct) => s.Directory.NextPageAsync(s.Actor, s.OrganizationId, q, ct), CancellationToken.None)));
    }

    /// <summary>
    /// A stream's items: the first enumeration starts with the page read by <see cref="StreamAsync{T}"/>;
    /// any later one reads it again, with the reader's right checked again, never serving it twice.
    /// </summary>
    private sealed class FirstPageOnce<T>(Page<T> first, Func<Page<T>?, IAsyncEnumerable<T>> walk) : IAsyncEnumerable<T>
    {
        private Page<T>? _first = first;

        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            walk(Interlocked.Exchange(ref _first, null)).GetAsyncEnumerator(cancellationToken);
    }

    private async ValueTask<Page<T>> NextPageAsync<T>(UserId actor, OrganizationId organizationId, PageQuery<T> query, CancellationToken cancellationToken)
    {
        var next = await ReadPageCoreAsync(actor, organizationId, query, OperationNames.StreamPages, cancellationToken).ConfigureAwait(false);
        return next.TryGetValue(out var page, out var refusal) ? page : throw new RefusalException(refusal);
    }

    // Arguments throw from the call; a cancelled token gives a cancelled task, from the read's async core.
    private static void Validate(UserId actor, OrganizationId organizationId)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
    }

    private ValueTask<PageResult<T>> ReadPageAsync<T>(UserId actor, OrganizationId organizationId, PageQuery<T> query, CancellationToken cancellationToken)
    {
        Validate(actor, organizationId);
        query.EnsureValid(nameof(query));
        return ReadPageCoreAsync(actor, organizationId, query, query.Operation, cancellationToken);
    }

    /// <summary>
    /// Decides the actor's right and reads a page at one organization version: the version is read with
    /// the right before the page and again after it; if a commit came between, the read is done again.
    /// One span for the read, retries included, named after <paramref name="operation"/>.
    /// </summary>
    private async ValueTask<PageResult<T>> ReadPageCoreAsync<T>(UserId actor, OrganizationId organizationId, PageQuery<T> query, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A span of its own, so that a refusal's tags land on it and not on whatever span the host has open.
        using var activity = ServiceContext.Trace(operation, organizationId);
        for (var attempt = 1; ; attempt++)
        {
            var before = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
            if (query.MayRead(organizationId, before?.Actor) is { } refusal)
            {
                return PageResult<T>.FromRefusal(_context.Refused(operation, actor, refusal));
            }

            var page = await query.ReadAsync(_context.Store, organizationId, cancellationToken).ConfigureAwait(false);
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
