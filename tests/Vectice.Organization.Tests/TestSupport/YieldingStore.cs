using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// Wraps a store and yields the thread before every call, so that concurrent operations really
/// interleave between their read and their commit (an in-memory store otherwise runs each
/// operation to completion before another can start). Counts the conflicts it passes on.
/// </summary>
internal sealed class YieldingStore(IOrganizationStore inner) : IOrganizationStore
{
    private int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public async ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(OrganizationId organizationId, UserId actor, UserId target, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.LoadSnapshotAsync(organizationId, actor, target, cancellationToken);
    }

    public async ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.FindMembershipAsync(organizationId, userId, cancellationToken);
    }

    public async ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken)
    {
        await Task.Yield();
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
        await Task.Yield();
        var outcome = await inner.CommitAsync(commit, cancellationToken);
        if (outcome == CommitOutcome.VersionConflict)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return outcome;
    }
}
