using System.Collections.Concurrent;
using Vectice.Organization.Stores;

namespace Vectice.Organization.InMemory;

/// <summary>
/// The embedded default store: thread-safe, in process, lost when the process ends. Each
/// organization has its own lock, so operations on two organizations never wait for each other.
/// </summary>
public sealed class InMemoryOrganizationStore : IOrganizationStore
{
    private readonly ConcurrentDictionary<OrganizationId, OrganizationState> _organizations = new();
    private readonly ConcurrentDictionary<PendingChangeId, OrganizationState> _pendingChangeOwners = new();

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_organizations.TryGetValue(organizationId, out var state))
        {
            return default;
        }

        lock (state.Gate)
        {
            return new(state.Snapshot(actor, target, pendingChangeId));
        }
    }

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_pendingChangeOwners.TryGetValue(pendingChangeId, out var state))
        {
            return default;
        }

        lock (state.Gate)
        {
            var pending = state.FindPendingChange(pendingChangeId)!;
            return new(state.Snapshot(actor, pending.Target, pendingChangeId));
        }
    }

    /// <inheritdoc />
    public ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_organizations.TryGetValue(organizationId, out var state))
        {
            return default;
        }

        lock (state.Gate)
        {
            return new(state.FindMember(userId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_organizations.TryGetValue(organizationId, out var state))
        {
            return new([]);
        }

        lock (state.Gate)
        {
            return new(userIds.Select(state.FindMember).OfType<Membership>().ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_pendingChangeOwners.TryGetValue(id, out var state))
        {
            return default;
        }

        lock (state.Gate)
        {
            return new(state.FindPendingChange(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken) =>
        Read(organizationId, query, static (state, q) => state.ListMembers(q), cancellationToken);

    /// <inheritdoc />
    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken) =>
        Read(organizationId, query, static (state, q) => state.ListPendingChanges(q), cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_organizations.TryGetValue(organizationId, out var state))
        {
            return new([]);
        }

        lock (state.Gate)
        {
            return new(state.ListExpired(now, limit));
        }
    }

    /// <inheritdoc />
    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken) =>
        Read(organizationId, query, static (state, q) => state.ListAudit(q), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        commit.EnsureValid(nameof(commit));
        cancellationToken.ThrowIfCancellationRequested();
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

                IndexPendingChange(commit, state);
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
            IndexPendingChange(commit, state);
            return new(CommitOutcome.Committed);
        }
    }

    private ValueTask<Page<T>> Read<T, TQuery>(
        OrganizationId organizationId, TQuery query, Func<OrganizationState, TQuery, Page<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_organizations.TryGetValue(organizationId, out var state))
        {
            return new(new Page<T>([], HasMore: false));
        }

        lock (state.Gate)
        {
            return new(read(state, query));
        }
    }

    private void IndexPendingChange(OrganizationCommit commit, OrganizationState state)
    {
        if (commit.AddedPendingChange is { } added)
        {
            _pendingChangeOwners[added.Id] = state;
        }

        foreach (var removed in commit.RemovedPendingChanges)
        {
            _pendingChangeOwners.TryRemove(removed, out _);
        }
    }
}
