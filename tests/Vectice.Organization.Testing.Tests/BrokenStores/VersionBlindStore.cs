using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A deliberately broken store: it skips the version check, so the last writer wins. The kit
/// must catch it.
/// </summary>
internal sealed class VersionBlindStore : IOrganizationStore
{
    private readonly InMemoryOrganizationStore _inner = new();

    public ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken) =>
        _inner.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken);

    public ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken) =>
        _inner.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken);

    public ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken) =>
        _inner.FindMembershipAsync(organizationId, userId, cancellationToken);

    public ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        _inner.FindMembershipsAsync(organizationId, userIds, cancellationToken);

    public ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken) =>
        _inner.FindPendingChangeAsync(id, cancellationToken);

    public ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken) =>
        _inner.ListMembersAsync(organizationId, query, cancellationToken);

    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken) =>
        _inner.ListPendingChangesAsync(organizationId, query, cancellationToken);

    public ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        _inner.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken);

    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken) =>
        _inner.ListAuditEntriesAsync(organizationId, query, cancellationToken);

    public async ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await _inner.CommitAsync(commit, cancellationToken) == CommitOutcome.Committed || commit.ExpectedVersion == 0)
            {
                return CommitOutcome.Committed;
            }

            // The bug under test: write anyway, on whatever version is there now.
            var now = await _inner.LoadSnapshotAsync(commit.Organization.Id, default, default, null, cancellationToken);
            if (now is null)
            {
                return CommitOutcome.VersionConflict;
            }

            commit = new OrganizationCommit
            {
                Organization = commit.Organization with { Version = now.Organization.Version + 1 },
                AddedMemberships = commit.AddedMemberships,
                UpdatedMemberships = commit.UpdatedMemberships,
                AddedPendingChange = commit.AddedPendingChange,
                UpdatedPendingChange = commit.UpdatedPendingChange,
                AuditEntries = commit.AuditEntries,
                RemovedPendingChanges = commit.RemovedPendingChanges,
            };
        }
    }
}
