using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vectice.Organization.EntityFrameworkCore.Entities;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The SDK's store on Entity Framework Core, over any context whose model includes
/// <see cref="VecticeOrganizationModelBuilderExtensions.AddVecticeOrganization"/>. Reads do not
/// track. Writers of one organization queue on its row's lock (<see cref="WriteAsync"/>); every commit
/// is SQL in one transaction, guarded by the organization's version, so that a write around the lock
/// is reported as <see cref="CommitOutcome.VersionConflict"/>. On PostgreSQL the transaction also sends
/// an <see cref="OrganizationChangeNotification"/>. Every statement a read or a write sends filters by
/// the organization's id.
/// </summary>
/// <typeparam name="TContext">The context type.</typeparam>
/// <remarks>
/// Like its context, an instance serves one scope at a time; it is not thread-safe. Every method throws
/// an <see cref="ArgumentException"/> naming a bad argument (a default id, also inside a list of ids, a
/// null, a limit below 1) from the call, before a task is returned; a cancelled token gives a cancelled task.
/// </remarks>
public sealed class EntityFrameworkOrganizationStore<TContext> : IOrganizationStore
    where TContext : DbContext
{
    private readonly TContext _context;

    // The model's statements, looked up once per store (one scope) instead of once per statement.
    private CommitStatements? _statements;
    private SnapshotStatements? _snapshots;

    // The transaction of the write under way (WriteAsync), which CommitAsync commits, and the organization it locks.
    private IDbContextTransaction? _write;
    private OrganizationId _writeOrganization;

    // The organization whose lock the write under way takes with its first statement (PostgreSQL: in the snapshot's command).
    private OrganizationId? _lockBeforeRead;

    // The organization as the write under way read it in its snapshot, and the transaction it read it in: a commit in that
    // transaction that changes only the organization's version writes only that (CommitStatements.Statements). Only then:
    // a row read in another transaction may be one that transaction wrote and rolled back, under a version another writer
    // has since written other content with. Forgotten when a write begins and when it ends, as a host may go back to a
    // savepoint of its transaction between two writes.
    private (OrganizationInfo Organization, IDbContextTransaction Transaction)? _organizationAsRead;

    // Writes under way on this store: more than one only when a write runs inside another's, in a host's transaction.
    private int _writesUnderWay;

    // The turn of the write under way when its commit may hand the transaction on to the next writer (a group commit),
    // and its context's connection string as it was before the write opened the connection (SharedTransaction.Serves).
    private OrganizationWriteQueue.Hold? _groupTurn;
    private string? _groupConnectionString;

    // The transaction of other writers' commits the write under way runs in, on the context that began it, until it commits;
    // and the savepoint taken when it joined, which its own commit is undone back to.
    private SharedTransaction? _shared;
    private string? _sharedSavepoint;

    // Savepoints taken in hosts' transactions in this process: each is named after its number, so that no two in one
    // transaction share a name, whichever store instances (or contexts sharing the transaction) take them.
    private static long s_savepoints;

    /// <summary>Creates the store over <paramref name="context"/>.</summary>
    /// <param name="context">The context; its model must include the SDK's tables.</param>
    public EntityFrameworkOrganizationStore(TContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    private CommitStatements Sql => _statements ??= CommitStatements.For(_context);

    // The write under way runs in a transaction of the store's own, not the host's.
    private bool InOwnTransaction => _write is not null;

    // Whether writes hand their transaction on to the next writer (see SharedTransaction); a switch turns it off, for comparisons.
    private static bool GroupsCommits => !(AppContext.TryGetSwitch(SharedTransaction.DisableSwitch, out var disabled) && disabled);

    private SnapshotStatements Snapshots => _snapshots ??= SnapshotStatements.For(_context);

    // The context whose connection the store's statements go on: in a shared transaction, the one that began it.
    private DbContext Db => _shared?.Context ?? _context;

    private IQueryable<MembershipRow> Memberships => Db.Set<MembershipRow>().AsNoTracking();

    private IQueryable<PendingChangeRow> PendingChanges => Db.Set<PendingChangeRow>().AsNoTracking();

    private IQueryable<AuditEntryRow> AuditEntries => Db.Set<AuditEntryRow>().AsNoTracking();

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        UserId.ThrowIfDefault(actor);
        UserId.ThrowIfDefault(target);
        if (pendingChangeId is { } pending)
        {
            PendingChangeId.ThrowIfDefault(pending, nameof(pendingChangeId));
        }

        return LoadSnapshotCoreAsync(organizationId, actor, target, pendingChangeId, cancellationToken);
    }

    private async ValueTask<OrganizationSnapshot?> LoadSnapshotCoreAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = pendingChangeId is { } id && id.OrganizationId == organizationId ? id.Value : (Guid?)null;
        return await ReadSnapshotAsync(Snapshots.ByOrganization(organizationId.Value, actor.Value, target.Value, pending), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        PendingChangeId.ThrowIfDefault(pendingChangeId);
        UserId.ThrowIfDefault(actor);
        return LoadPendingChangeSnapshotCoreAsync(pendingChangeId, actor, cancellationToken);
    }

    private async ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotCoreAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await ReadSnapshotAsync(Snapshots.ByPendingChange(pendingChangeId.OrganizationId.Value, pendingChangeId.Value, actor.Value), cancellationToken).ConfigureAwait(false);
    }

    // The snapshot's statement, after the lock's when it is the write's first read.
    private async ValueTask<OrganizationSnapshot?> ReadSnapshotAsync((string Sql, DbParameterValue[] Values, bool OneRow) snapshot, CancellationToken cancellationToken)
    {
        var statements = new List<(string Sql, DbParameterValue[] Values, bool OneRow)>(2);
        if (_lockBeforeRead is { } organizationId && Sql.Lock(organizationId, ownTransaction: InOwnTransaction) is { } lockStatement)
        {
            statements.Add(lockStatement);
        }

        _lockBeforeRead = null;
        statements.Add(snapshot);
        var read = (await Sql.ReadAsync(Db, statements, Snapshots.Reader, cancellationToken).ConfigureAwait(false))?.ToDomain();
        if (read is not null && _writesUnderWay > 0 && (_write ?? _context.Database.CurrentTransaction) is { } transaction)
        {
            _organizationAsRead = (read.Organization, transaction);
        }

        return read;
    }

    // The organization as the write under way read it, if it read it in the transaction a commit runs in.
    private OrganizationInfo? AsRead(IDbContextTransaction? transaction) =>
        _organizationAsRead is var (organization, readIn) && ReferenceEquals(readIn, transaction) ? organization : null;

    // Before any other statement of a write: its lock, unless taken already.
    private async ValueTask LockBeforeReadAsync(CancellationToken cancellationToken)
    {
        if (_lockBeforeRead is { } organizationId)
        {
            _lockBeforeRead = null;
            await Sql.LockAsync(Db, organizationId, ownTransaction: InOwnTransaction, cancellationToken).ConfigureAwait(false);
        }
    }

    // The lock of a write: taken with its first statement where the provider allows, else now. A write nested
    // in another (in a host's transaction) first takes the outer write's lock if it is still pending.
    private async ValueTask LockAsync(OrganizationId organizationId, CancellationToken cancellationToken)
    {
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        if (Sql.LocksWithSnapshot)
        {
            _lockBeforeRead = organizationId;
        }
        else
        {
            await Sql.LockAsync(Db, organizationId, ownTransaction: InOwnTransaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        UserId.ThrowIfDefault(userId);
        return FindMembershipCoreAsync(organizationId, userId, cancellationToken);
    }

    private async ValueTask<Membership?> FindMembershipCoreAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var (id, user) = (organizationId.Value, userId.Value);
        var row = await Memberships.FirstOrDefaultAsync(m => m.OrganizationId == id && m.UserId == user, cancellationToken).ConfigureAwait(false);
        return row?.ToDomain();
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        ArgumentNullException.ThrowIfNull(userIds);

        // Read once, before the first await: the ids checked are the ids queried, whatever the caller's collection does next.
        var users = new List<string>(Math.Clamp(userIds.Count, 0, PendingChange.MaxBulkMembers));
        foreach (var userId in userIds)
        {
            UserId.ThrowIfDefault(userId, nameof(userIds));
            users.Add(userId.Value);
        }

        return FindMembershipsCoreAsync(organizationId, users, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<Membership>> FindMembershipsCoreAsync(OrganizationId organizationId, List<string> users, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var id = organizationId.Value;
        var rows = await Memberships.Where(m => m.OrganizationId == id && users.Contains(m.UserId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(static r => r.ToDomain());
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizationIds);
        var ids = new List<string>();
        foreach (var organizationId in organizationIds)
        {
            OrganizationId.ThrowIfDefault(organizationId, nameof(organizationIds));
            ids.Add(organizationId.Value);
        }

        return FindVersionsCoreAsync(ids, cancellationToken);
    }

    private async ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsCoreAsync(List<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return new Dictionary<OrganizationId, long>();
        }

        return await Db.Set<OrganizationRow>().AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Version })
            .ToDictionaryAsync(o => new OrganizationId(o.Id), o => o.Version, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        PendingChangeId.ThrowIfDefault(id);
        return FindPendingChangeCoreAsync(id, cancellationToken);
    }

    private async ValueTask<PendingChange?> FindPendingChangeCoreAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var (organization, value) = (id.OrganizationId.Value, id.Value);
        var row = await PendingChanges.FirstOrDefaultAsync(p => p.OrganizationId == organization && p.Id == value, cancellationToken).ConfigureAwait(false);
        return row?.ToDomain();
    }

    /// <inheritdoc />
    public ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        ArgumentNullException.ThrowIfNull(query);
        return ListMembersCoreAsync(organizationId, query, cancellationToken);
    }

    private async ValueTask<Page<Membership>> ListMembersCoreAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var id = organizationId.Value;
        var members = Memberships.Where(m => m.OrganizationId == id);
        if (query.AfterUserId is { } after)
        {
            var cursor = after.Value;
#pragma warning disable CA1309 // Translated to SQL, where the column's collation orders ids.
            members = members.Where(m => string.Compare(m.UserId, cursor) > 0);
#pragma warning restore CA1309
        }

        if (query.Role is { } role)
        {
            members = members.Where(m => m.Role == role);
        }

        if (query.Status is { } status)
        {
            members = members.Where(m => m.Status == status);
        }

        var rows = await members.OrderBy(m => m.UserId).Take(query.Limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ToPage(rows, query, static r => r.ToDomain());
    }

    /// <inheritdoc />
    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        ArgumentNullException.ThrowIfNull(query);
        return ListPendingChangesCoreAsync(organizationId, query, cancellationToken);
    }

    private async ValueTask<Page<PendingChange>> ListPendingChangesCoreAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var id = organizationId.Value;
        var changes = PendingChanges.Where(p => p.OrganizationId == id && p.Status == PendingChangeStatus.Pending);
        if (query.AfterId is { } cursor)
        {
            changes = changes.Where(p => p.Id > cursor);
        }

        var rows = await changes.OrderBy(p => p.Id).Take(query.Limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ToPage(rows, query, static r => r.ToDomain());
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ListExpiredPendingChangesCoreAsync(organizationId, now, limit, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesCoreAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var (id, ticks) = (organizationId.Value, now.UtcTicks);
        var ids = await PendingChanges
            .Where(p => p.OrganizationId == id && p.ExpiresAtUtcTicks <= ticks)
            .OrderBy(p => p.ExpiresAtUtcTicks)
            .Select(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return ids.ConvertAll(i => new PendingChangeId(organizationId, i));
    }

    /// <inheritdoc />
    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        ArgumentNullException.ThrowIfNull(query);
        return ListAuditEntriesCoreAsync(organizationId, query, cancellationToken);
    }

    private async ValueTask<Page<AuditEntry>> ListAuditEntriesCoreAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var (id, after) = (organizationId.Value, query.AfterSequence);
        var entries = AuditEntries.Where(a => a.OrganizationId == id && a.Sequence > after);
        if (query.Target is { } target)
        {
            var value = target.Value;
            entries = entries.Where(a => a.Target == value);
        }

        if (query.Actor is { } actor)
        {
            var value = actor.Value;
            entries = entries.Where(a => a.Actor == value);
        }

        if (query.Action is { } action)
        {
            entries = entries.Where(a => a.Action == action);
        }

        if (query.Since is { } since)
        {
            var ticks = since.UtcTicks;
            entries = entries.Where(a => a.AtUtcTicks >= ticks);
        }

        if (query.Until is { } until)
        {
            var ticks = until.UtcTicks;
            entries = entries.Where(a => a.AtUtcTicks < ticks);
        }

        var rows = await entries
            .OrderBy(a => a.Sequence)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return ToPage(rows, query, static r => r.ToDomain());
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// Outside a transaction of the host's, the attempt first waits for the organization's turn among this
    /// process's writers (on SQLite, the database's turn, since every organization of the database shares its
    /// one write lock), holding no connection meanwhile; then runs in a transaction of the store's own,
    /// through the context's execution strategy, that first takes the organization's lock: on PostgreSQL
    /// <c>SELECT … FOR NO KEY UPDATE</c> of its row, on SQLite the database's write lock (<c>BEGIN IMMEDIATE</c>,
    /// waiting on SQLite's busy handler up to the command timeout), elsewhere an update of the row that
    /// changes nothing. Writers of one organization wait there for each other; reads and other
    /// organizations do not (on SQLite, writers of every organization share the one lock).
    /// </para>
    /// <para>
    /// Writers queued for one turn commit together: an attempt whose commit finds another writer waiting hands its
    /// transaction on with the turn, and the group's last writer commits it (a group commit, docs/entity-framework-core.md).
    /// An attempt that commits nothing in a group answers once the group has committed, and runs a second time, in a
    /// transaction of its own, when the group did not: it read the group's uncommitted writes.
    /// </para>
    /// <para>
    /// Inside a transaction of the host's, the organization's row is locked in it (held until the host
    /// commits) and the attempt runs in it.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// A System.Transactions transaction is under way (a <see cref="TransactionScope"/>, or one enlisted on the
    /// context): the store writes in the context's own transactions only (the returned task faults before
    /// anything is sent).
    /// </exception>
    public ValueTask<TResult> WriteAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        OrganizationId.ThrowIfDefault(organizationId);
        ArgumentNullException.ThrowIfNull(write);
        return WriteCoreAsync(organizationId, state, write, cancellationToken);
    }

    private async ValueTask<TResult> WriteCoreAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_write is not null)
        {
            throw new InvalidOperationException("A write is already under way on this store; writes do not nest.");
        }

        ThrowIfInSystemTransaction();
        (_organizationAsRead, _writesUnderWay) = (null, _writesUnderWay + 1);
        try
        {
            if (_context.Database.CurrentTransaction is { } host)
            {
                // The host's own transaction: lock the row in it; the host's commit releases it. Behind a savepoint, as EF
                // Core's SaveChanges in a host's transaction: on PostgreSQL a statement that fails (a lock or statement
                // timeout, a serialization failure, a cancellation) aborts the whole transaction, whose COMMIT then rolls
                // back without a word, with every commit made in it before; going back to the savepoint keeps it usable.
                try
                {
                    return await BehindSavepointAsync(
                        host,
                        (Store: this, OrganizationId: organizationId, State: state, Write: write),
                        static async (s, cancellationToken) =>
                        {
                            await s.Store.LockAsync(s.OrganizationId, cancellationToken).ConfigureAwait(false);
                            return (await s.Write(s.State, cancellationToken).ConfigureAwait(false), Keep: true);
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _lockBeforeRead = null;
                }
            }

            // A strategy that retries runs the write again from its start, which a write in a transaction it did not begin cannot be.
            var strategy = _context.Database.CreateExecutionStrategy();
            return await strategy.ExecuteAsync(
                (Store: this, OrganizationId: organizationId, State: state, Write: write, Grouping: !strategy.RetriesOnFailure && GroupsCommits),
                static (_, s, cancellationToken) => s.Store.WriteInOwnTransactionAsync(s.OrganizationId, s.State, s.Write, s.Grouping, cancellationToken),
                verifySucceeded: null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (_organizationAsRead, _writesUnderWay) = (null, _writesUnderWay - 1);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// The commit is SQL on the context's own connection, not <c>SaveChanges</c>: the host's tracked
    /// entities are neither saved nor touched. It runs in the transaction of <see cref="WriteAsync"/>
    /// (committed here), in the host's (with a savepoint, so that a lost race leaves nothing in it), or
    /// in one of its own, with the organization's lock, when called on its own.
    /// </para>
    /// <para>
    /// When it fails in a way that leaves the outcome unknown (a provider error, above all a connection
    /// lost after COMMIT was sent), the store reads back whether the commit was written before
    /// answering, so a change the database kept is never reported as lost.
    /// </para>
    /// </remarks>
    /// <exception cref="DbUpdateException">
    /// The commit failed and reading back its outcome failed too: whether it was written is unknown.
    /// </exception>
    /// <exception cref="InvalidOperationException">A System.Transactions transaction is under way, as for <see cref="WriteAsync"/>.</exception>
    public ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        commit.EnsureValid(nameof(commit));
        return CommitCoreAsync(commit, cancellationToken);
    }

    private async ValueTask<CommitOutcome> CommitCoreAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var host = _write is null ? _context.Database.CurrentTransaction : null;
        if (_write is null && host is null)
        {
            // WriteAsync refuses a System.Transactions transaction, as below in the host's.
            return await WriteAsync(commit.Organization.Id, (Store: this, Commit: commit), static (s, ct) => s.Store.CommitAsync(s.Commit, ct), cancellationToken).ConfigureAwait(false);
        }

        if (host is not null)
        {
            ThrowIfInSystemTransaction();
        }

        await LockBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        var notification = Sql.IsNpgsql ? OrganizationChangeNotification.Payload(commit.Organization.Id, commit.Organization.Version) : null;
        if (host is not null)
        {
            return await CommitInHostTransactionAsync(host, commit.Organization.Id, Sql.Statements(commit, notification, AsRead(host)), cancellationToken).ConfigureAwait(false);
        }

        // A read-back after a connection lost at COMMIT waits for the organization's row (CommitReadBack), which only
        // the write's lock, taken before the commit is sent, holds by then. A new organization's key is held only once
        // its INSERT has run, and another organization's row not at all: their COMMIT goes after, apart, and ends a group.
        var lockHeld = commit.ExpectedVersion != 0 && commit.Organization.Id == _writeOrganization;
        var handOn = lockHeld && _groupTurn is { OthersWaiting: true } && (_shared?.TakesMore ?? true);
        var inBatch = lockHeld && Sql.CommitsInBatch && _shared is null && !handOn;

        // Before the write lets go of the group, if any: a throw here leaves it to the write's own cleanup (WriteInSharedTransactionAsync).
        var statements = Sql.Statements(commit, notification, AsRead(_write), inBatch);

        // One commit per write: the transaction ends here, whatever happens, so a second commit starts its own.
        var (transaction, shared, savepoint, turn, connectionString) = (_write!, TakeShared(), _sharedSavepoint, _groupTurn, _groupConnectionString);
        (_write, _groupTurn, _sharedSavepoint, _groupConnectionString) = (null, null, null, null);
        if (shared is not null || handOn)
        {
            return await WriteInGroupAsync(turn!, shared ?? new SharedTransaction(_context, transaction, connectionString), savepoint, commit, statements, handOn).ConfigureAwait(false);
        }

        return await OutcomeAsync(commit, await EndTransactionAsync(transaction, statements, commit, inBatch).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the commit's statements, then ends the transaction: committed, rolled back when the version
    /// moved (or a row to replace is gone: nothing of the commit may stay), or failed with the provider's error,
    /// the transaction then ended (its outcome read back).
    /// </summary>
    private async Task<TransactionEnd> EndTransactionAsync(
        IDbContextTransaction transaction, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, OrganizationCommit commit, bool inBatch)
    {
        Exception failure;
        try
        {
            // Once sent, a commit completes or rolls back: the caller's token no longer stops it.
            var written = await Sql.ExecuteAsync(_context, statements, CancellationToken.None).ConfigureAwait(false);
            if (inBatch)
            {
                // Its statements checked their rows on the server (a lost one failed the command): none is counted here.
                // COMMIT ran in the command: the provider knows the transaction has ended, and disposing it sends nothing.
                await transaction.DisposeAsync().ConfigureAwait(false);
                return TransactionEnd.Committed;
            }

            if (!written)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return TransactionEnd.RolledBack;
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return TransactionEnd.Committed;
        }
        catch (Exception e) when (ProviderError(e) is { } error)
        {
            if (inBatch && CommitStatements.IsLostRow(error))
            {
                // As a row counted short above, on the server: the command stopped there, before COMMIT.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return TransactionEnd.RolledBack;
            }

            if (commit.ExpectedVersion == 0 && Sql.IsDuplicateKey(error))
            {
                // The organization was there before this commit: a certain outcome, not one to read back (the
                // read-back could not tell the first creation from this one if both wrote the same rows).
                await transaction.DisposeAsync().ConfigureAwait(false);
                return TransactionEnd.RolledBack;
            }

            failure = e;
        }

        // Ended before reading back: the read-back waits for the commit's locks, which this transaction may hold.
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broken connection may fail the rollback too; the read-back tells what the database kept.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return TransactionEnd.Failed(failure);
    }

    /// <summary>
    /// A commit in a group's transaction (see <see cref="SharedTransaction"/>): its statements go without COMMIT;
    /// then, with <paramref name="handOn"/>, the turn goes on with the transaction to the writer waiting, or the
    /// transaction commits, and the commit's outcome is the transaction's. A commit not written (the version moved,
    /// a statement failed) is undone back to <paramref name="savepoint"/>, taken when its writer joined the group,
    /// so that the group's other commits stand; the group's first commit has none, and its transaction then ends.
    /// </summary>
    private async Task<CommitOutcome> WriteInGroupAsync(
        OrganizationWriteQueue.Hold turn, SharedTransaction shared, string? savepoint, OrganizationCommit commit,
        List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, bool handOn)
    {
        Exception? failure = null;
        var written = false;
        try
        {
            // Once sent, a commit completes or rolls back: the caller's token no longer stops it.
            written = await Sql.ExecuteAsync(shared.Context, statements, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Undone below, then thrown or read back.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        // A group is handed on only once a commit is written in it: a writer with a savepoint always has others' to keep.
        var undone = !written && await shared.UndoAsync(savepoint).ConfigureAwait(false);

        // Before reading anything back: the group's transaction holds the row the read-back waits for. Every write of the
        // group answers once the group has ended: a failure may have come of the others' writes, which it may not keep.
        await PassOnAsync(turn, shared, handOn).ConfigureAwait(false);
        var end = await shared.Ended.ConfigureAwait(false);
        if (failure is null)
        {
            return written ? await OutcomeAsync(commit, end).ConfigureAwait(false) : CommitOutcome.VersionConflict;
        }

        var error = ProviderError(failure);
        if (error is not null && !undone)
        {
            return await ResolveAsync(commit, failure).ConfigureAwait(false);
        }

        // Certainly not written: decided again when the group did not commit, when the failure may pass (as a lost race)
        // or when the organization was there first; else thrown, as the database's refusal of the write itself, or a
        // failure not the database's, is.
        if (error is not null && (!end.IsCommitted || error.IsTransient || (commit.ExpectedVersion == 0 && Sql.IsDuplicateKey(error))))
        {
            return CommitOutcome.VersionConflict;
        }

        ExceptionDispatchInfo.Throw(failure);
        return default; // Not reached: Throw does not return.
    }

    // Hands the group on with the turn, or, when it may not or no writer takes it, commits it; unless it has ended.
    private static async Task PassOnAsync(OrganizationWriteQueue.Hold turn, SharedTransaction shared, bool handOn)
    {
        if (!shared.Ended.IsCompleted && !(handOn && turn.HandOn(shared)))
        {
            await shared.CommitAsync().ConfigureAwait(false);
        }
    }

    // A commit's outcome once its transaction has ended: a failure's is read back.
    private ValueTask<CommitOutcome> OutcomeAsync(OrganizationCommit commit, TransactionEnd end) =>
        end.IsCommitted ? new(CommitOutcome.Committed)
        : end.Failure is { } failure ? ResolveAsync(commit, failure)
        : new(CommitOutcome.VersionConflict);

    // EF Core or the provider would refuse the store's transaction, or the host's, with a message about the ambient one; this one says what to do instead.
    private void ThrowIfInSystemTransaction()
    {
        if (Transaction.Current is not null || _context.Database.GetEnlistedTransaction() is not null)
        {
            throw new InvalidOperationException(
                "Vectice.Organization's Entity Framework Core store does not write in a System.Transactions transaction (a TransactionScope, " +
                "or one enlisted on the context): begin the transaction on the context instead (context.Database.BeginTransactionAsync), " +
                "outside any TransactionScope or under TransactionScopeOption.Suppress, and the store writes in it.");
        }
    }

    private async Task<TResult> WriteInOwnTransactionAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, bool grouping, CancellationToken cancellationToken)
    {
        // Only here, not in a host's transaction: that transaction may hold the row from an earlier call, and its next call
        // would wait for the turn of a writer that waits for the row.
        var database = _context.Database;
        using var turn = await OrganizationWriteQueue.EnterAsync(
            database.GetDbConnection(), organizationId.Value, Sql.IsSqlite, CommandTimeout(database.GetCommandTimeout()), cancellationToken).ConfigureAwait(false);
        turn.Claim();
        if (turn.TakeShared() is { } shared)
        {
            bool joins;
            try
            {
                joins = grouping && shared.Serves(_context);
            }
            catch
            {
                await shared.CommitAsync().ConfigureAwait(false);
                throw;
            }

            if (joins)
            {
                return await WriteInSharedTransactionAsync(turn, shared, organizationId, state, write, cancellationToken).ConfigureAwait(false);
            }

            // Ended first: its transaction holds the lock this write's would wait for.
            await shared.CommitAsync().ConfigureAwait(false);
        }

        var connectionString = grouping ? database.GetConnectionString() : null;
        if (Sql.IsSqlite)
        {
            await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        TResult result;
        try
        {
            if (Sql.IsSqlite)
            {
                // SQLite's own busy handler waits for the write lock in steps of 1 to 100 ms; the driver's retry sleeps 150 ms at a time.
                await database.ExecuteSqlRawAsync(SqliteBusyTimeout(database.GetCommandTimeout()), cancellationToken).ConfigureAwait(false);
            }

            var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                (_write, _writeOrganization, _groupTurn, _groupConnectionString) = (transaction, organizationId, grouping ? turn : null, connectionString);
                try
                {
                    await LockAsync(organizationId, cancellationToken).ConfigureAwait(false);
                    result = await write(state, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    (_write, _lockBeforeRead, _groupTurn, _groupConnectionString) = (null, null, null, null);
                }
            }
        }
        finally
        {
            if (Sql.IsSqlite)
            {
                await database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }

        // A writer waiting for the turn is let in on this worker's own queue: leaving the worker to it starts its turn at
        // once, where it used to wait for another worker to wake while the turn stood idle (benchmarks/results/contention.md).
        if (turn.Release())
        {
            await Task.Yield();
        }

        return result;
    }

    /// <summary>
    /// A write in the transaction the writer before handed on with the turn: on that writer's context, whose
    /// connection holds the lock, behind a savepoint of its own. A write that commits hands the transaction on again or
    /// commits it (<see cref="CommitCoreAsync"/>); one that does not (a refusal, nothing to write, a failure) is undone
    /// back to its savepoint, hands it on or commits it here, and answers once the group has ended.
    /// </summary>
    private async Task<TResult> WriteInSharedTransactionAsync<TState, TResult>(
        OrganizationWriteQueue.Hold turn, SharedTransaction shared, OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        string savepoint;
        try
        {
            savepoint = await shared.SavepointAsync().ConfigureAwait(false);
        }
        catch
        {
            await shared.AbortAsync().ConfigureAwait(false);
            throw;
        }

        TResult result = default!;
        ExceptionDispatchInfo? failure = null;
        (_write, _writeOrganization, _groupTurn, _shared, _sharedSavepoint) = (shared.Transaction, organizationId, turn, shared, savepoint);
        try
        {
            await LockAsync(organizationId, cancellationToken).ConfigureAwait(false);
            result = await write(state, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Thrown below, once the group has gone on without this write.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            (_write, _lockBeforeRead, _groupTurn, _sharedSavepoint) = (null, null, null, null);
        }

        // A write that did not commit (a refusal, nothing to write, a failure) read what the group wrote before it: it
        // answers once the group has committed that, and runs again, in a transaction of its own, when the group did not.
        if (await LeaveGroupAsync(turn, savepoint).ConfigureAwait(false) is { } left && !(await left.Ended.ConfigureAwait(false)).IsCommitted)
        {
            return await WriteInOwnTransactionAsync(organizationId, state, write, grouping: false, cancellationToken).ConfigureAwait(false);
        }

        failure?.Throw();
        if (turn.Release())
        {
            await Task.Yield();
        }

        return result;
    }

    // A write of a group that did not commit: whatever it did undone, in case a failed statement ended the transaction
    // (PostgreSQL aborts it), and the group handed on or committed without it; the group, or null when the write committed in it.
    private async Task<SharedTransaction?> LeaveGroupAsync(OrganizationWriteQueue.Hold turn, string savepoint)
    {
        if (TakeShared() is not { } uncommitted)
        {
            return null;
        }

        await uncommitted.UndoAsync(savepoint).ConfigureAwait(false);
        await PassOnAsync(turn, uncommitted, uncommitted.TakesMore && turn.OthersWaiting).ConfigureAwait(false);
        return uncommitted;
    }

    private SharedTransaction? TakeShared()
    {
        var shared = _shared;
        _shared = null;
        return shared;
    }

    private async Task<CommitOutcome> CommitInHostTransactionAsync(
        IDbContextTransaction host, OrganizationId organizationId, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, CancellationToken cancellationToken)
    {
        // Not written (the version moved, or a row to replace is gone): nothing of the commit may stay.
        var written = await BehindSavepointAsync(
            host,
            (Store: this, Statements: statements),
            static async (s, cancellationToken) =>
            {
                var written = await s.Store.Sql.ExecuteAsync(s.Store._context, s.Statements, cancellationToken).ConfigureAwait(false);
                return (written, Keep: written);
            },
            cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            return CommitOutcome.VersionConflict;
        }

        // Committed only with the host's transaction: the access checks must hear of that commit too.
        HostTransactionCommits.WrittenIn(_context, host.GetDbTransaction(), organizationId);
        return CommitOutcome.Committed;
    }

    /// <summary>
    /// Runs <paramref name="step"/> in the host's transaction behind a savepoint of its own: released when
    /// the step keeps what it did, gone back to when it does not, and on any failure, the provider's or not
    /// (a host's interceptor), so that nothing of it stays for the host's commit (see <see cref="UndoAsync"/>).
    /// Once the step ran, the caller's token no longer stops the release, as it no longer stops a commit
    /// in the store's own transaction.
    /// </summary>
    private async Task<TResult> BehindSavepointAsync<TState, TResult>(
        IDbContextTransaction host, TState state, Func<TState, CancellationToken, Task<(TResult Result, bool Keep)>> step, CancellationToken cancellationToken)
    {
        var savepoint = await SavepointAsync(host, cancellationToken).ConfigureAwait(false);
        (TResult Result, bool Keep) done;
        try
        {
            done = await step(state, cancellationToken).ConfigureAwait(false);
            if (done.Keep)
            {
                await host.ReleaseSavepointAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
                return done.Result;
            }
        }
        catch (Exception)
        {
            await UndoAfterFailureAsync(host, savepoint).ConfigureAwait(false);
            throw;
        }

        await UndoAsync(host, savepoint).ConfigureAwait(false);
        return done.Result;
    }

    /// <summary>The savepoint this store took last in a host's transaction, for tests that play a host's faults around it.</summary>
    internal string? Savepoint { get; private set; }

    // A name no other savepoint of the process has: going back to a name an earlier write left behind (its release
    // failed) would undo the writes made since, which were reported as made.
    private async Task<string> SavepointAsync(IDbContextTransaction host, CancellationToken cancellationToken)
    {
        var savepoint = Savepoint = string.Create(CultureInfo.InvariantCulture, $"vectice_{Interlocked.Increment(ref s_savepoints)}");
        await host.CreateSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
        return savepoint;
    }

    /// <summary>
    /// <see cref="UndoAsync"/> after a failure, which is the one the caller rethrows: an undo that fails
    /// too has ended the host's transaction, and its own error is not the one the host must see.
    /// </summary>
    private static async Task UndoAfterFailureAsync(IDbContextTransaction host, string savepoint)
    {
        try
        {
            await UndoAsync(host, savepoint).ConfigureAwait(false);
        }
#pragma warning disable CA1031
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Takes the host's transaction back to a savepoint the store took (before a write, or a commit's statements). When it
    /// cannot, it rolls the host's whole transaction back, so that the host's commit can keep nothing of
    /// them (the host then learns it when it commits, and any statement of its in between fails), and throws.
    /// </summary>
    /// <remarks>
    /// Both rollbacks are made on the <see cref="DbTransaction"/> itself, not through EF Core, whose
    /// interceptors could suppress them unseen; and EF Core keeps a transaction rolled back that way as
    /// the context's, so that the host's later statements fail instead of running, and committing,
    /// outside one. When even the whole rollback fails, the connection is broken, and the transaction with
    /// it: the host must discard the context.
    /// </remarks>
    private static async Task UndoAsync(IDbContextTransaction host, string savepoint)
    {
        var transaction = host.GetDbTransaction();
        try
        {
            await transaction.RollbackAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The first failure is the one thrown.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            throw;
        }

        // Released, so that the retries of a host's transaction do not pile savepoints up; one left behind holds nothing.
        try
        {
            await host.ReleaseSavepointAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // How long a command may wait, for the waits the store makes itself (its turn, SQLite's busy handler): ADO.NET's
    // default of 30 s when the context sets none, no limit for 0, and at most what a wait in milliseconds can hold.
    private static TimeSpan CommandTimeout(int? seconds) => seconds switch
    {
        null => TimeSpan.FromSeconds(30),
        0 => Timeout.InfiniteTimeSpan,
        _ => TimeSpan.FromSeconds(Math.Min(seconds.Value, int.MaxValue / 1000)),
    };

    // busy_timeout 0 would mean no waiting at all: no limit is the largest it takes.
    private static string SqliteBusyTimeout(int? commandTimeoutSeconds) => string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(CommandTimeout(commandTimeoutSeconds) is var wait && wait == Timeout.InfiniteTimeSpan ? int.MaxValue : (int)wait.TotalMilliseconds)}");

    /// <summary>
    /// The provider's error: thrown as is (by a statement or COMMIT), inside a
    /// <see cref="DbUpdateException"/>, or inside the <see cref="InvalidOperationException"/> a provider's
    /// execution strategy wraps a transient one in (Npgsql's does).
    /// </summary>
    private static DbException? ProviderError(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException error)
            {
                return error;
            }
        }

        return null;
    }

    // The rows of a page read with one more than its limit: that one, if there, only says another page follows.
    private static Page<TItem> ToPage<TRow, TItem>(List<TRow> rows, PageQuery<TItem> query, Func<TRow, TItem> map)
    {
        var hasMore = rows.Count > query.Limit;
        var items = new TItem[hasMore ? query.Limit : rows.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = map(rows[i]);
        }

        return query.PageOf(items, hasMore);
    }

    /// <summary>
    /// The outcome of a commit whose SQL failed with a provider error: written if its
    /// read-back finds it. Otherwise nothing was written, and it is a conflict when the version moved
    /// (another writer got there first, which explains a duplicate key) or when the failure was
    /// transient (a lost connection, a deadlock, a serialization failure) on an existing organization,
    /// so that the services decide again and retry. Otherwise the failure is thrown: the database
    /// refused the write itself (a bug), or could not create the organization (not "it exists").
    /// </summary>
    private async ValueTask<CommitOutcome> ResolveAsync(OrganizationCommit commit, Exception failure)
    {
        (bool Committed, bool VersionMoved) read;
        try
        {
            read = await CommitReadBack.ReadAsync(_context, commit).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Never a guess: the caller learns that the database cannot be reached, and that the change may or may not be saved.
            throw new DbUpdateException(
                $"Committing to organization '{commit.Organization.Id}' failed, and so did reading back whether it was written: " +
                "the change may or may not have been saved. Read the organization again once the database answers.",
                new AggregateException(failure, e));
        }

        if (read.Committed)
        {
            return CommitOutcome.Committed;
        }

        // Not the database's failure (a host's interceptor refused a group's COMMIT): thrown as it is, when not written.
        if (read.VersionMoved || (ProviderError(failure) is { IsTransient: true } && commit.ExpectedVersion != 0))
        {
            return CommitOutcome.VersionConflict;
        }

        ExceptionDispatchInfo.Throw(failure);
        return default; // Not reached: Throw does not return.
    }
}
