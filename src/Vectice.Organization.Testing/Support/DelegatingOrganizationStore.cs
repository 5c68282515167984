using Vectice.Organization.Stores;

namespace Vectice.Organization.Testing;

/// <summary>
/// A store that passes every call to another store. A test's store derives from it and overrides only
/// the calls it changes (to yield, count, lose a race or break a rule on purpose), so that it shows
/// only its own behaviour and no test copies the whole of <see cref="IOrganizationStore"/> again.
/// Every member is virtual; <see cref="WriteAsync"/> passes on too, so the inner store's queue holds
/// unless a subclass runs the write as it comes.
/// </summary>
public abstract class DelegatingOrganizationStore : IOrganizationStore
{
    /// <summary>Creates the store over <paramref name="inner"/>.</summary>
    /// <param name="inner">The store every call goes to.</param>
    protected DelegatingOrganizationStore(IOrganizationStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The store every call goes to.</summary>
    protected IOrganizationStore Inner { get; }

    /// <inheritdoc />
    public virtual ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken) =>
        Inner.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken) =>
        Inner.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<Membership?> FindMembershipAsync(OrganizationId organizationId, UserId userId, CancellationToken cancellationToken) =>
        Inner.FindMembershipAsync(organizationId, userId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<Membership>> FindMembershipsAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        Inner.FindMembershipsAsync(organizationId, userIds, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyDictionary<OrganizationId, long>> FindVersionsAsync(IReadOnlyCollection<OrganizationId> organizationIds, CancellationToken cancellationToken) =>
        Inner.FindVersionsAsync(organizationIds, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<PendingChange?> FindPendingChangeAsync(PendingChangeId id, CancellationToken cancellationToken) =>
        Inner.FindPendingChangeAsync(id, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<Page<Membership>> ListMembersAsync(OrganizationId organizationId, MemberQuery query, CancellationToken cancellationToken) =>
        Inner.ListMembersAsync(organizationId, query, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<Page<PendingChange>> ListPendingChangesAsync(OrganizationId organizationId, PendingChangeQuery query, CancellationToken cancellationToken) =>
        Inner.ListPendingChangesAsync(organizationId, query, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<PendingChangeId>> ListExpiredPendingChangesAsync(OrganizationId organizationId, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Inner.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<Page<AuditEntry>> ListAuditEntriesAsync(OrganizationId organizationId, AuditQuery query, CancellationToken cancellationToken) =>
        Inner.ListAuditEntriesAsync(organizationId, query, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<TResult> WriteAsync<TState, TResult>(
        OrganizationId organizationId, TState state, Func<TState, CancellationToken, ValueTask<TResult>> write, CancellationToken cancellationToken) =>
        Inner.WriteAsync(organizationId, state, write, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<CommitOutcome> CommitAsync(OrganizationCommit commit, CancellationToken cancellationToken) =>
        Inner.CommitAsync(commit, cancellationToken);
}
