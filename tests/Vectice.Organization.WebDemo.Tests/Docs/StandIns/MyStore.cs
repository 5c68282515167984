using System.Data.Common;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.WebDemo.Tests.Docs.StandIns;

/// <summary>
/// The reader's own store, as docs/conformance-kit.md and the kit's README call it: a store over a
/// database connection. A stand-in for the snippets to compile against; it keeps its data in memory.
/// </summary>
/// <param name="connection">The scope's own connection.</param>
public sealed class MyStore(DbConnection connection) : IOrganizationStore
{
    private readonly InMemoryOrganizationStore _inner = new();

    /// <summary>The connection the store would use.</summary>
    public DbConnection Connection { get; } = connection;

    /// <summary>
    /// How many writers of the organization wait in this process for the one holding its lock, as a store
    /// whose writers queue in the process would count them; the stand-in cannot tell.
    /// </summary>
    public static int? WritersWaiting(OrganizationId organizationId) => null;

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken) =>
        _inner.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken) =>
        _inner.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken) =>
        _inner.FindMembershipAsync(organizationId, userId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        _inner.FindMembershipsAsync(organizationId, userIds, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken) =>
        _inner.FindVersionsAsync(organizationIds, cancellationToken);

    /// <inheritdoc />
    public ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken) =>
        _inner.FindPendingChangeAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken) =>
        _inner.ListMembersAsync(organizationId, query, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken) =>
        _inner.ListPendingChangesAsync(organizationId, query, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        _inner.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken) =>
        _inner.ListAuditEntriesAsync(organizationId, query, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken) =>
        _inner.CommitAsync(commit, cancellationToken);
}
