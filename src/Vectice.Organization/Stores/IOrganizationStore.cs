namespace Vectice.Organization.Stores;

/// <summary>
/// Where organizations, memberships, pending changes and the audit trail live. The contract is
/// small on purpose: the reads the services need, and one atomic, version-checked write.
/// </summary>
/// <remarks>
/// <para>
/// A store never saves implicitly: nothing is written except by <see cref="CommitAsync"/>, and a
/// commit is all-or-nothing. Reads return immutable values; a store must not hand out objects it
/// later mutates.
/// </para>
/// <para>
/// Implementations must pass the conformance kit in <c>Vectice.Organization.Testing</c>.
/// </para>
/// </remarks>
public interface IOrganizationStore
{
    /// <summary>
    /// Reads what a decision needs: the organization, two of its memberships, how many active
    /// Admins it has and, when asked, one of its pending changes.
    /// </summary>
    /// <remarks>
    /// Read every part at one version: in one statement, or in one snapshot transaction. This is a
    /// safety rule, not a nicety. A part read <em>before</em> the version could be older than it,
    /// and a decision on it would be committed as if it were current (a cancelled change applied).
    /// A part read after it could be newer, which only makes the commit conflict, but the refusal
    /// given on such a mixed read can be the wrong one (stale instead of already applied).
    /// </remarks>
    /// <param name="organizationId">The organization.</param>
    /// <param name="actor">The acting user; their membership goes in <see cref="OrganizationSnapshot.Actor"/>.</param>
    /// <param name="target">The target user (may equal <paramref name="actor"/>); their membership goes in <see cref="OrganizationSnapshot.Target"/>.</param>
    /// <param name="pendingChangeId">
    /// A pending change to read too, into <see cref="OrganizationSnapshot.PendingChange"/>, only if
    /// it belongs to <paramref name="organizationId"/>; or <see langword="null"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the organization does not exist.</returns>
    ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads, like <see cref="LoadSnapshotAsync"/> and under the same one-version rule, what a
    /// decision on a pending change needs: the change, its organization, the actor's membership,
    /// the membership of the change's target and the count of active Admins.
    /// </summary>
    /// <param name="pendingChangeId">The pending change.</param>
    /// <param name="actor">The acting user; their membership goes in <see cref="OrganizationSnapshot.Actor"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when no such pending change exists.</returns>
    ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken);

    /// <summary>Reads one membership.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The membership, or <see langword="null"/> when there is none.</returns>
    ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken);

    /// <summary>Reads the memberships of several users of one organization (for a bulk change).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="userIds">The users; at most <see cref="PendingChange.MaxBulkMembers"/>. Read once: the ids checked are the ids read by.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The memberships found, in no particular order; users who are not members are left out.</returns>
    ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the current versions of several organizations, for a process that polls for changes
    /// made elsewhere (<see cref="ChangeFeeds.PollingOrganizationChangeFeed"/>). Called once per poll
    /// with every organization the process has cached, so read them in one query.
    /// </summary>
    /// <param name="organizationIds">The organizations. Read once: the ids checked are the ids read by.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version of each organization found; organizations that do not exist are left out.</returns>
    ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken);

    /// <summary>Reads a pending change, whatever its status.</summary>
    /// <param name="id">The pending change.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pending change, or <see langword="null"/> when there is none.</returns>
    ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one page of an organization's members, ordered by user id (ordinal), starting after
    /// <see cref="MemberQuery.AfterUserId"/> and keeping only those that match the query's filters.
    /// Build the page with <see cref="PageQuery{T}.PageOf"/>, which gives it its next cursor.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor, filters and page size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page; empty when the organization does not exist.</returns>
    ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one page of an organization's changes whose status is still
    /// <see cref="PendingChangeStatus.Pending"/>, ordered by id, starting after <see cref="PendingChangeQuery.AfterId"/>.
    /// Build the page with <see cref="PageQuery{T}.PageOf"/>.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor and page size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page; empty when the organization does not exist.</returns>
    ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the ids of up to <paramref name="limit"/> of an organization's pending changes, whatever
    /// their status, whose <see cref="PendingChange.ExpiresAt"/> is at or before <paramref name="now"/>,
    /// earliest expiry first (so that a purge in batches removes the oldest first).
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="now">The current time.</param>
    /// <param name="limit">How many ids at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ids; empty when there are none or the organization does not exist.</returns>
    ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one page of an organization's audit trail in sequence order, starting after
    /// <see cref="AuditQuery.AfterSequence"/> and keeping only the entries that match the query's filters.
    /// Build the page with <see cref="PageQuery{T}.PageOf"/>.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="query">The cursor and page size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page; empty when the organization does not exist.</returns>
    ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one attempt of a write to <paramref name="organizationId"/>: <paramref name="write"/> reads
    /// through this store, decides, and calls <see cref="CommitAsync"/> at most once. A store that can
    /// makes the writers of one organization queue here, so that they do not conflict: it holds the
    /// organization's write lock from before the first read until the commit has ended (the EF Core
    /// store: a transaction that locks the organization's row; the in-memory store: a lock per
    /// organization). The version check of <see cref="CommitAsync"/> stays the safety net.
    /// </summary>
    /// <remarks>
    /// The default runs <paramref name="write"/> as is: writers of one organization then race, and
    /// the loser's commit conflicts and is decided again. Such a store stays correct, but the kit's
    /// <c>ConcurrencySpecification.Writers_of_one_organization_queue_instead_of_conflicting</c> fails
    /// it: implement this method to queue, and release the lock however <paramref name="write"/> ends, by
    /// returning a result, a failed task or a throw from its call (the kit's
    /// <c>A_write_that_throws_releases_the_organization</c> checks each). The SDK's own write never throws from
    /// its call: it fails as a task. Writes do not nest. Writes to different organizations should
    /// not wait for each other (on SQLite, whose write lock is the whole file's, they do).
    /// </remarks>
    /// <typeparam name="TState">What <paramref name="write"/> needs, passed through so that it need not capture.</typeparam>
    /// <typeparam name="TResult">What <paramref name="write"/> returns.</typeparam>
    /// <param name="organizationId">The organization written.</param>
    /// <param name="state">Passed to <paramref name="write"/>.</param>
    /// <param name="write">The attempt.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock, and is passed to <paramref name="write"/>.</param>
    /// <returns>What <paramref name="write"/> returned.</returns>
    ValueTask<TResult> WriteAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return write(state, cancellationToken);
    }

    /// <summary>
    /// Writes everything in <paramref name="commit"/> atomically, if and only if the organization's
    /// stored version is still <see cref="OrganizationCommit.ExpectedVersion"/> (for a new
    /// organization: if it does not exist yet). Audit entries get their sequence numbers here.
    /// </summary>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Cancels the write before it starts; once started it completes or rolls back.</param>
    /// <returns>
    /// <see cref="CommitOutcome.Committed"/>, or <see cref="CommitOutcome.VersionConflict"/> when
    /// another writer got there first; in that case nothing was written.
    /// </returns>
    ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken);
}
