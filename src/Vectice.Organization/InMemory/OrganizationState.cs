using Vectice.Organization.Stores;

namespace Vectice.Organization.InMemory;

/// <summary>
/// Everything the in-memory store holds for one organization, guarded by one lock per
/// organization so that two organizations never wait for each other.
/// </summary>
internal sealed class OrganizationState
{
    private readonly Dictionary<UserId, Membership> _members = [];
    // Keyed by the GUID alone: the organization part of every id looked up here is this one.
    private readonly Dictionary<Guid, PendingChange> _pendingChanges = [];
    private readonly List<AuditEntry> _audit = [];

    // Members in user-id order for keyset paging; rebuilt lazily after members are added, since
    // role and status changes never move a member in that order.
    private UserId[]? _order;
    private int _activeAdmins;

    public OrganizationState(OrganizationInfo organization) => Organization = organization;

    public Lock Gate { get; } = new();

    /// <summary>Held by a writer from its first read to its commit, so that writers queue instead of conflicting.</summary>
    public WriteGate WriteLock { get; } = new();

    /// <summary>The writers waiting in <see cref="WriteLock"/>'s queue (for tests): not one that finds the lock free, nor one not queued yet; changed with <see cref="Interlocked"/>.</summary>
    public int WritersWaiting;

    public OrganizationInfo Organization { get; private set; }

    public OrganizationSnapshot Snapshot(UserId actor, UserId target, PendingChange? pendingChange) => new(
        Organization,
        _members.GetValueOrDefault(actor),
        _members.GetValueOrDefault(target),
        _activeAdmins,
        pendingChange);

    public Membership? FindMember(UserId userId) => _members.GetValueOrDefault(userId);

    public PendingChange? FindPendingChange(PendingChangeId id) => id.OrganizationId == Organization.Id ? _pendingChanges.GetValueOrDefault(id.Value) : null;

    /// <summary>Applies a commit whose version was checked by the caller under <see cref="Gate"/>.</summary>
    public void Apply(OrganizationCommit commit)
    {
        // Indexed loops: foreach over the commit's IReadOnlyLists would allocate an enumerator per commit.
        Organization = commit.Organization;
        for (var i = 0; i < commit.AddedMemberships.Count; i++)
        {
            var membership = commit.AddedMemberships[i];
            _members.Add(membership.UserId, membership);
            _activeAdmins += membership.IsActiveAdmin ? 1 : 0;
            _order = null;
        }

        for (var i = 0; i < commit.UpdatedMemberships.Count; i++)
        {
            var membership = commit.UpdatedMemberships[i];
            var before = _members[membership.UserId];
            _members[membership.UserId] = membership;
            _activeAdmins += (membership.IsActiveAdmin ? 1 : 0) - (before.IsActiveAdmin ? 1 : 0);
        }

        if (commit.AddedPendingChange is { } added)
        {
            _pendingChanges.Add(added.Id.Value, added);
        }

        if (commit.UpdatedPendingChange is { } updated)
        {
            _pendingChanges[updated.Id.Value] = updated;
        }

        for (var i = 0; i < commit.RemovedPendingChanges.Count; i++)
        {
            _pendingChanges.Remove(commit.RemovedPendingChanges[i].Value);
        }

        // Kept as committed; the sequence is the position, stamped when read.
        _audit.AddRange(commit.AuditEntries);
    }

    public Page<Membership> ListMembers(MemberQuery query)
    {
        var order = _order ??= SortedMemberIds();
        var start = 0;
        if (query.AfterUserId is { } after)
        {
            start = Array.BinarySearch(order, after);
            start = start >= 0 ? start + 1 : ~start;
        }

        var items = new List<Membership>(Math.Min(query.Limit, order.Length - start));
        for (var i = start; i < order.Length; i++)
        {
            var membership = _members[order[i]];
            if (!query.Matches(membership))
            {
                continue;
            }

            if (items.Count == query.Limit)
            {
                return query.PageOf(items, hasMore: true);
            }

            items.Add(membership);
        }

        return query.PageOf(items, hasMore: false);
    }

    public Page<PendingChange> ListPendingChanges(PendingChangeQuery query)
    {
        PendingChangeId? after = query.AfterId is { } id ? new PendingChangeId(Organization.Id, id) : null;
        var open = _pendingChanges.Values
            .Where(c => c.Status == PendingChangeStatus.Pending && (after is null || c.Id.CompareTo(after.Value) > 0))
            .OrderBy(c => c.Id)
            .Take(query.Limit + 1)
            .ToList();
        var hasMore = open.Count > query.Limit;
        if (hasMore)
        {
            open.RemoveAt(open.Count - 1);
        }

        return query.PageOf(open, hasMore);
    }

    public IReadOnlyList<PendingChangeId> ListExpired(DateTimeOffset now, int limit) =>
        _pendingChanges.Values.Where(c => c.IsExpiredAt(now)).OrderBy(c => c.ExpiresAt).Select(c => c.Id).Take(limit).ToArray();

    public Page<AuditEntry> ListAudit(AuditQuery query)
    {
        // Sequences here are 1, 2, 3…: entry n sits at index n - 1, stamped with its sequence as read.
        var items = new List<AuditEntry>(Math.Min(query.Limit, 64));
        for (var i = (int)Math.Min(query.AfterSequence, _audit.Count); i < _audit.Count; i++)
        {
            if (!query.Matches(_audit[i]))
            {
                continue;
            }

            if (items.Count == query.Limit)
            {
                return query.PageOf(items, hasMore: true);
            }

            items.Add(_audit[i] with { Sequence = i + 1 });
        }

        return query.PageOf(items, hasMore: false);
    }

    private UserId[] SortedMemberIds()
    {
        var ids = _members.Keys.ToArray();
        Array.Sort(ids);
        return ids;
    }
}
