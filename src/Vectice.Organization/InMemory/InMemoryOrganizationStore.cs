using System.Collections.Concurrent;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization.InMemory;

/// <summary>
/// The embedded default store: thread-safe, in process, lost when the process ends. Each
/// organization has its own lock, so operations on two organizations never wait for each other.
/// </summary>
/// <remarks>
/// Every method throws an <see cref="ArgumentException"/> naming a bad argument (a default id, also
/// inside a list of ids, a null, a limit below 1) from the call, before a task is returned; a cancelled token gives a cancelled task.
/// </remarks>
public sealed class InMemoryOrganizationStore : IOrganizationStore
{
    private readonly ConcurrentDictionary<OrganizationId, OrganizationState> _organizations = new();

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(target, nameof(target));
        if (pendingChangeId is { } pending)
        {
            Guard.NotDefault(pending, nameof(pendingChangeId));
        }

        return Read(Owner(organizationId), (actor, target, pendingChangeId), static (state, a) => state.Snapshot(a.actor, a.target, a.pendingChangeId is { } id ? state.FindPendingChange(id) : null), null, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        Guard.NotDefault(actor, nameof(actor));
        return Read(
            Owner(pendingChangeId.OrganizationId),
            (pendingChangeId, actor),
            // One lookup of the change: its target is the snapshot's.
            static (state, a) => state.FindPendingChange(a.pendingChangeId) is { } change ? state.Snapshot(a.actor, change.Target, change) : null,
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.NotDefault(userId, nameof(userId));
        return Read(Owner(organizationId), userId, static (state, user) => state.FindMember(user), null, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(userIds);

        // Read once: the ids checked are the ids looked up, whatever the caller's collection does next.
        var ids = userIds.ToArray();
        foreach (var userId in ids)
        {
            Guard.NotDefault(userId, nameof(userIds));
        }

        return Read<IReadOnlyList<Membership>, UserId[]>(
            Owner(organizationId), ids, static (state, ids) => [.. ids.Select(state.FindMember).OfType<Membership>()], [], cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizationIds);
        var ids = organizationIds.ToArray();
        foreach (var organizationId in ids)
        {
            Guard.NotDefault(organizationId, nameof(organizationIds));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IReadOnlyDictionary<OrganizationId, long>>(cancellationToken);
        }

        var versions = new Dictionary<OrganizationId, long>(ids.Length);
        foreach (var id in ids)
        {
            if (Owner(id) is { } state)
            {
                lock (state.Gate)
                {
                    versions[id] = state.Organization.Version;
                }
            }
        }

        return new(versions);
    }

    /// <inheritdoc />
    public ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        Guard.NotDefault(id, nameof(id));
        return Read(Owner(id.OrganizationId), id, static (state, i) => state.FindPendingChange(i), null, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(query);
        return Read(Owner(organizationId), query, static (state, q) => state.ListMembers(q), NoPage<Membership>.Instance, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(query);
        return Read(Owner(organizationId), query, static (state, q) => state.ListPendingChanges(q), NoPage<PendingChange>.Instance, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Read(Owner(organizationId), (now, limit), static (state, a) => state.ListExpired(a.now, a.limit), [], cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(query);
        return Read(Owner(organizationId), query, static (state, q) => state.ListAudit(q), NoPage<AuditEntry>.Instance, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        commit.EnsureValid(nameof(commit));
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<CommitOutcome>(cancellationToken);
        }

        var organizationId = commit.Organization.Id;
        OrganizationState? state;
        if (commit.ExpectedVersion == 0)
        {
            // Built completely before it is published, so no reader sees half an organization.
            state = new OrganizationState(commit.Organization);
            lock (state.Gate)
            {
                state.Apply(commit);
                if (!_organizations.TryAdd(organizationId, state))
                {
                    return new(CommitOutcome.VersionConflict);
                }

                return new(CommitOutcome.Committed);
            }
        }

        if (!_organizations.TryGetValue(organizationId, out state))
        {
            return new(CommitOutcome.VersionConflict);
        }

        lock (state.Gate)
        {
            if (state.Organization.Version != commit.ExpectedVersion)
            {
                return new(CommitOutcome.VersionConflict);
            }

            state.Apply(commit);
            return new(CommitOutcome.Committed);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Writers of one organization queue on its write lock, an asynchronous one: uncontended, it
    /// costs no allocation, and readers never take it. A new organization has no lock yet: its
    /// creators race, and all but one are told it exists.
    /// </remarks>
    public ValueTask<TResult> WriteAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        ArgumentNullException.ThrowIfNull(write);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        if (Owner(organizationId) is not { } organization)
        {
            return Run(write, state, cancellationToken);
        }

        // Free lock and a write that completes at once (the in-memory case): no async state machine, each of
        // which copied the write's plan (benchmarks/results/in-memory-round-trip.md). Otherwise, wait and write asynchronously.
        if (!organization.WriteLock.TryEnter())
        {
            return WaitThenWriteAsync(organization, state, write, cancellationToken);
        }

        var writing = Run(write, state, cancellationToken);
        if (writing.IsCompleted)
        {
            // Succeeded, failed or cancelled, the caller reads it; the lock is free again either way.
            organization.WriteLock.Exit();
            return writing;
        }

        return ReleaseWhenDoneAsync(organization.WriteLock, writing);
    }

    /// <summary>The write, failing as a task, not from the call, when it throws before its first await: only bad arguments throw from the call.</summary>
    private static ValueTask<TResult> Run<TState, TResult>(Func<TState, CancellationToken, ValueTask<TResult>> write, TState state, CancellationToken cancellationToken)
    {
        try
        {
            return write(state, cancellationToken);
        }
#pragma warning disable CA1031 // Whatever the write throws, its caller gets it, from the task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return FailedTask.Of<TResult>(e);
        }
    }

    private static async ValueTask<TResult> WaitThenWriteAsync<TState, TResult>(
        OrganizationState organization, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        // Counted only once it waits: a writer counted is in the lock's queue, where its token must stop it.
        var wait = organization.WriteLock.WaitAsync(cancellationToken);
        var waiting = !wait.IsCompleted;
        if (waiting)
        {
            Interlocked.Increment(ref organization.WritersWaiting);
        }

        try
        {
            await wait.ConfigureAwait(false);
        }
        finally
        {
            if (waiting)
            {
                Interlocked.Decrement(ref organization.WritersWaiting);
            }
        }

        return await ReleaseWhenDoneAsync(organization.WriteLock, Run(write, state, cancellationToken)).ConfigureAwait(false);
    }

    private static async ValueTask<TResult> ReleaseWhenDoneAsync<TResult>(WriteGate writeLock, ValueTask<TResult> writing)
    {
        try
        {
            return await writing.ConfigureAwait(false);
        }
        finally
        {
            writeLock.Exit();
        }
    }

    /// <summary>
    /// Reads under the organization's lock; <paramref name="whenMissing"/> when there is no such organization.
    /// A cancelled token gives a cancelled task, as from a store that reads asynchronously.
    /// </summary>
    private static ValueTask<T> Read<T, TArg>(
        OrganizationState? state, TArg arg, Func<OrganizationState, TArg, T> read, T whenMissing, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        if (state is null)
        {
            return new(whenMissing);
        }

        lock (state.Gate)
        {
            return new(read(state, arg));
        }
    }

    /// <summary>The writers of <paramref name="organizationId"/> waiting for the one that holds its write lock (for tests).</summary>
    internal int WritersWaiting(OrganizationId organizationId) => Owner(organizationId) is { } organization ? Volatile.Read(ref organization.WritersWaiting) : 0;

    private OrganizationState? Owner(OrganizationId organizationId) => _organizations.GetValueOrDefault(organizationId);

    /// <summary>The page of an organization that does not exist, made once: pages are immutable.</summary>
    private static class NoPage<T>
    {
        public static readonly Page<T> Instance = new([], Next: null);
    }
}
