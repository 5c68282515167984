using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A correct store (the in-memory one) that a broken store overrides a call or two of, so that each
/// broken store shows only its own fault.
/// </summary>
internal abstract class ForwardingStore : IOrganizationStore
{
    protected IOrganizationStore Inner { get; } = new InMemoryOrganizationStore();

    public virtual ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken) =>
        Inner.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken);

    public virtual ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken) =>
        Inner.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken);

    public ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken) =>
        Inner.FindMembershipAsync(organizationId, userId, cancellationToken);

    public ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        Inner.FindMembershipsAsync(organizationId, userIds, cancellationToken);

    public ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken) =>
        Inner.FindVersionsAsync(organizationIds, cancellationToken);

    public ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken) =>
        Inner.FindPendingChangeAsync(id, cancellationToken);

    public virtual ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken) =>
        Inner.ListMembersAsync(organizationId, query, cancellationToken);

    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken) =>
        Inner.ListPendingChangesAsync(organizationId, query, cancellationToken);

    public ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Inner.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken);

    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken) =>
        Inner.ListAuditEntriesAsync(organizationId, query, cancellationToken);

    public virtual ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken) =>
        Inner.CommitAsync(commit, cancellationToken);
}
