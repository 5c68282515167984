using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// Wraps a store and yields the thread a random number of times before every call, so that
/// concurrent operations really interleave between their reads and their commit, in varying
/// orders (an in-memory store otherwise runs each operation to completion before another can
/// start). Counts the conflicts it passes on.
/// </summary>
internal sealed class YieldingStore(IOrganizationStore inner) : IOrganizationStore
{
    private int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    private static async Task YieldAsync()
    {
        for (var i = Random.Shared.Next(1, 4); i > 0; i--)
        {
            await Task.Yield();
        }
    }

    public async ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        await YieldAsync();
        return await inner.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken);
    }

    public async ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        await YieldAsync();
        return await inner.FindMembershipAsync(organizationId, userId, cancellationToken);
    }

    public async ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        await YieldAsync();
        return await inner.FindPendingChangeAsync(id, cancellationToken);
    }

    public ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken) =>
        inner.ListMembersAsync(organizationId, query, cancellationToken);

    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken) =>
        inner.ListPendingChangesAsync(organizationId, query, cancellationToken);

    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken) =>
        inner.ListAuditEntriesAsync(organizationId, query, cancellationToken);

    public async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        await YieldAsync();
        var outcome = await inner.CommitAsync(commit, cancellationToken);
        if (outcome == CommitOutcome.VersionConflict)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return outcome;
    }
}
