using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Vectice.Organization.EntityFrameworkCore.Entities;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The SDK's store on Entity Framework Core, over any context whose model includes
/// <see cref="VecticeOrganizationModelBuilderExtensions.AddVecticeOrganization"/>. Reads do not
/// track; every commit is one <c>SaveChanges</c> (one transaction) guarded by the organization's
/// version as concurrency token, so a lost race is reported as <see cref="CommitOutcome.VersionConflict"/>.
/// On PostgreSQL the transaction also sends an <see cref="OrganizationChangeNotification"/>.
/// </summary>
/// <typeparam name="TContext">The context type.</typeparam>
/// <remarks>Like its context, an instance serves one scope at a time; it is not thread-safe.</remarks>
public sealed class EntityFrameworkOrganizationStore<TContext> : IOrganizationStore
    where TContext : DbContext
{
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";
    private readonly TContext _context;
    private readonly bool _notifies;

    /// <summary>Creates the store over <paramref name="context"/>.</summary>
    /// <param name="context">The context; its model must include the SDK's tables.</param>
    public EntityFrameworkOrganizationStore(TContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _notifies = context.Database.ProviderName == NpgsqlProvider;
    }

    private IQueryable<MembershipRow> Memberships => _context.Set<MembershipRow>().AsNoTracking();

    private IQueryable<PendingChangeRow> PendingChanges => _context.Set<PendingChangeRow>().AsNoTracking();

    private IQueryable<AuditEntryRow> AuditEntries => _context.Set<AuditEntryRow>().AsNoTracking();

    /// <inheritdoc />
    public async ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = await SnapshotQueries<TContext>.For(_context).ByOrganization(_context, organizationId.Value, actor.Value, target.Value, pendingChangeId?.Value, cancellationToken)
            .ConfigureAwait(false);
        return read?.ToDomain();
    }

    /// <inheritdoc />
    public async ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = await SnapshotQueries<TContext>.For(_context).ByPendingChange(_context, pendingChangeId.Value, actor.Value, cancellationToken).ConfigureAwait(false);
        return read?.ToDomain();
    }

    /// <inheritdoc />
    public async ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (id, user) = (organizationId.Value, userId.Value);
        var row = await Memberships.FirstOrDefaultAsync(m => m.OrganizationId == id && m.UserId == user, cancellationToken).ConfigureAwait(false);
        return row?.ToDomain();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        cancellationToken.ThrowIfCancellationRequested();
        var id = organizationId.Value;
        var users = userIds.Select(u => u.Value).ToList();
        var rows = await Memberships.Where(m => m.OrganizationId == id && users.Contains(m.UserId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(static r => r.ToDomain());
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizationIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (organizationIds.Count == 0)
        {
            return new Dictionary<OrganizationId, long>();
        }

        var ids = organizationIds.Select(o => o.Value).ToList();
        return await _context.Set<OrganizationRow>().AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Version })
            .ToDictionaryAsync(o => new OrganizationId(o.Id), o => o.Version, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = id.Value;
        var row = await PendingChanges.FirstOrDefaultAsync(p => p.Id == value, cancellationToken).ConfigureAwait(false);
        return row?.ToDomain();
    }

    /// <inheritdoc />
    public async ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var id = organizationId.Value;
        var members = Memberships.Where(m => m.OrganizationId == id);
        if (query.After is { } after)
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
        return ToPage(rows, query.Limit, static r => r.ToDomain());
    }

    /// <inheritdoc />
    public async ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var id = organizationId.Value;
        var changes = PendingChanges.Where(p => p.OrganizationId == id && p.Status == PendingChangeStatus.Pending);
        if (query.After is { } after)
        {
            var cursor = after.Value;
            changes = changes.Where(p => p.Id > cursor);
        }

        var rows = await changes.OrderBy(p => p.Id).Take(query.Limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ToPage(rows, query.Limit, static r => r.ToDomain());
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (id, ticks) = (organizationId.Value, now.UtcTicks);
        var ids = await PendingChanges
            .Where(p => p.OrganizationId == id && p.ExpiresAtUtcTicks <= ticks)
            .OrderBy(p => p.ExpiresAtUtcTicks)
            .Select(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return ids.ConvertAll(static i => new PendingChangeId(i));
    }

    /// <inheritdoc />
    public async ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
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
        return ToPage(rows, query.Limit, static r => r.ToDomain());
    }

    /// <inheritdoc />
    /// <remarks>
    /// When <c>SaveChanges</c> fails in a way that leaves the outcome unknown (a provider error, above
    /// all a connection lost after COMMIT was sent), the store reads back whether the commit was
    /// written before answering, so a change the database kept is never reported as lost.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// The context holds unsaved changes of the host's: <c>SaveChanges</c> would commit them with the
    /// SDK's rows, so the store refuses rather than save or discard them.
    /// </exception>
    /// <exception cref="DbUpdateException">
    /// The commit failed and reading back its outcome failed too: whether it was written is unknown.
    /// </exception>
    public async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        commit.EnsureValid(nameof(commit));
        cancellationToken.ThrowIfCancellationRequested();
        if (_context.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException(
                $"The {typeof(TContext).Name} holds unsaved changes. The organization store commits with SaveChanges, which would save them too: " +
                "save or discard them first, or give the store a context of its own.");
        }

        var staged = Stage(commit);
        Exception failure;
        try
        {
            await SaveAsync(commit, cancellationToken).ConfigureAwait(false);
            return CommitOutcome.Committed;
        }
        catch (DbUpdateConcurrencyException)
        {
            // The server answered that the version (or a row the commit replaces) moved: nothing was written.
            return CommitOutcome.VersionConflict;
        }
        // Not inside a transaction of the host's: there nothing was committed yet, and what the failure left in it is the host's to handle.
        catch (Exception e) when (ProviderError(e) is not null && _context.Database.CurrentTransaction is null)
        {
            failure = e;
        }
        finally
        {
            // Only the SDK's rows: anything else the host's context tracks stays as it was.
            Detach(staged);
        }

        return await ResolveAsync(commit, failure).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves the staged rows; on PostgreSQL with the change notification in the same transaction: the
    /// host's, when it opened one (the notification is then delivered only if the host commits), or
    /// one of the store's own, disposed (rolled back unless committed) before the caller reads back.
    /// </summary>
    private async Task SaveAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        if (!_notifies)
        {
            await _context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var payload = OrganizationChangeNotification.Payload(commit.Organization.Id, commit.Organization.Version);
        if (_context.Database.CurrentTransaction is not null)
        {
            await _context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await NotifyAsync(_context, payload, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Through the execution strategy, which refuses a transaction of our own outside it when it retries.
        // A retried attempt saves the same rows again, so none is marked saved until one commits, and a
        // COMMIT that failed after it landed is read back rather than tried again.
        await _context.Database.CreateExecutionStrategy().ExecuteAsync(
            (Context: _context, Payload: payload, Commit: commit),
            static async (_, state, cancellationToken) =>
            {
                var database = state.Context.Database;
                var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // A savepoint would cost a round trip and guards nothing: the transaction holds only this commit.
                    var savepoints = database.AutoSavepointsEnabled;
                    database.AutoSavepointsEnabled = false;
                    try
                    {
                        await state.Context.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        database.AutoSavepointsEnabled = savepoints;
                    }

                    await NotifyAsync(state.Context, state.Payload, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            static async (_, state, _) =>
                new ExecutionResult<bool>((await CommitReadBack.ReadAsync(state.Context, state.Commit).ConfigureAwait(false)).Committed, true),
            cancellationToken).ConfigureAwait(false);
    }

    private static Task<int> NotifyAsync(TContext context, string payload, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlAsync($"SELECT pg_notify({OrganizationChangeNotification.Channel}, {payload})", cancellationToken);

    /// <summary>
    /// The provider's error: thrown as is (by COMMIT), inside a <see cref="DbUpdateException"/> (by a
    /// statement), or inside the <see cref="InvalidOperationException"/> a provider's execution strategy
    /// wraps a transient one in (Npgsql's does).
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

    private static Page<TItem> ToPage<TRow, TItem>(List<TRow> rows, int limit, Func<TRow, TItem> map)
    {
        var hasMore = rows.Count > limit;
        var items = new TItem[hasMore ? limit : rows.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = map(rows[i]);
        }

        return new Page<TItem>(items, hasMore);
    }

    private static void Detach(List<EntityEntry> staged)
    {
        foreach (var entry in staged)
        {
            entry.State = EntityState.Detached;
        }
    }

    private List<EntityEntry> Stage(OrganizationCommit commit)
    {
        var staged = new List<EntityEntry>(4 + commit.AddedMemberships.Count + commit.UpdatedMemberships.Count + commit.AuditEntries.Count);
        var organization = OrganizationRow.From(commit.Organization);
        if (commit.ExpectedVersion == 0)
        {
            staged.Add(_context.Add(organization));
        }
        else
        {
            // UPDATE ... WHERE Id = @id AND Version = @expected: the version check and the bump in one statement.
            var entry = _context.Attach(organization);
            entry.Property(o => o.Version).OriginalValue = commit.ExpectedVersion;
            entry.State = EntityState.Modified;
            staged.Add(entry);
        }

        staged.AddRange(commit.AddedMemberships.Select(m => (EntityEntry)_context.Add(MembershipRow.From(m))));
        staged.AddRange(commit.UpdatedMemberships.Select(m => (EntityEntry)_context.Update(MembershipRow.From(m))));
        if (commit.AddedPendingChange is { } added)
        {
            staged.Add(_context.Add(PendingChangeRow.From(added)));
        }

        if (commit.UpdatedPendingChange is { } updated)
        {
            staged.Add(_context.Update(PendingChangeRow.From(updated)));
        }

        staged.AddRange(commit.AuditEntries.Select(a => (EntityEntry)_context.Add(AuditEntryRow.From(a))));

        // Deleted by key; a row another writer removed first makes the commit conflict.
        foreach (var removed in commit.RemovedPendingChanges)
        {
            var stub = _context.Attach(new PendingChangeRow { Id = removed.Value, OrganizationId = commit.Organization.Id.Value, TargetUserId = string.Empty, RequestedBy = string.Empty });
            stub.State = EntityState.Deleted;
            staged.Add(stub);
        }

        return staged;
    }

    /// <summary>
    /// The outcome of a commit whose <c>SaveChanges</c> failed with a provider error: written if its
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

        if (read.VersionMoved || (ProviderError(failure)!.IsTransient && commit.ExpectedVersion != 0))
        {
            return CommitOutcome.VersionConflict;
        }

        ExceptionDispatchInfo.Throw(failure);
        return default; // Not reached: Throw does not return.
    }
}
