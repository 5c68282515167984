using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// Wraps a scope's store for races: yields the thread a random number of times before each read
/// (lists included) and commit, so that racers interleave between reading and committing in varying orders, and
/// counts the version conflicts the store reports, so a race test can prove it raced. Its writes run
/// as they come, racing (the contract's default), or, when <paramref name="queues"/>, inside the
/// store's own <see cref="IOrganizationStore.WriteAsync"/>: then they yield while holding its lock.
/// </summary>
internal sealed class RacingStore(IOrganizationStore inner, RaceCounter counter, bool queues = false) : DelegatingOrganizationStore(inner)
{
    public override ValueTask<TResult> WriteAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken) =>
        queues ? QueuedAsync(organizationId, state, write, cancellationToken) : write(state, cancellationToken);

    private async ValueTask<TResult> QueuedAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken)
    {
        counter.WriteStarted();
        try
        {
            return await base.WriteAsync(organizationId, state, write, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            counter.WriteEnded();
        }
    }

    public override async ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.FindMembershipAsync(organizationId, userId, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.FindMembershipsAsync(organizationId, userIds, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.FindVersionsAsync(organizationIds, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.FindPendingChangeAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.ListMembersAsync(organizationId, query, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.ListPendingChangesAsync(organizationId, query, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        return await base.ListAuditEntriesAsync(organizationId, query, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        await YieldAsync().ConfigureAwait(false);
        var outcome = await base.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        if (outcome == CommitOutcome.VersionConflict)
        {
            counter.Conflict();
        }

        return outcome;
    }

    private static async Task YieldAsync()
    {
        for (var i = Random.Shared.Next(1, 4); i > 0; i--)
        {
            await Task.Yield();
        }
    }
}
