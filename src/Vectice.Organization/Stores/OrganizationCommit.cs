namespace Vectice.Organization.Stores;

/// <summary>
/// One atomic write to one organization, decided on the version before
/// <see cref="Organization"/>'s: every part is written, or none is. Immutable once built.
/// </summary>
/// <remarks>
/// A record class, not a struct: a commit travels through several asynchronous layers of the write pipeline,
/// which copied the struct at each of them; on the in-memory store the class measured faster, for 72 B a commit.
/// </remarks>
public sealed record OrganizationCommit
{
    private readonly IReadOnlyList<Membership>? _addedMemberships;
    private readonly IReadOnlyList<Membership>? _updatedMemberships;
    private readonly IReadOnlyList<AuditEntry>? _auditEntries;
    private readonly IReadOnlyList<PendingChangeId>? _removedPendingChanges;

    /// <summary>The organization as it will be stored, its version one more than the version the write was decided on.</summary>
    public required OrganizationInfo Organization { get; init; }

    /// <summary>The version the store must still hold for the write to succeed; 0 creates the organization.</summary>
    public long ExpectedVersion => Organization.Version - 1;

    /// <summary>Memberships to insert (they do not exist yet).</summary>
    public IReadOnlyList<Membership> AddedMemberships { get => _addedMemberships ?? []; init => _addedMemberships = value; }

    /// <summary>Memberships to replace (they exist).</summary>
    public IReadOnlyList<Membership> UpdatedMemberships { get => _updatedMemberships ?? []; init => _updatedMemberships = value; }

    /// <summary>A pending change to insert, if any.</summary>
    public PendingChange? AddedPendingChange { get; init; }

    /// <summary>
    /// A pending change to close, if any: the stored one with its <see cref="PendingChange.Status"/>,
    /// <see cref="PendingChange.ClosedBy"/> and <see cref="PendingChange.ClosedAt"/> set. What was requested
    /// never changes once stored, so a store may write those three alone (the Entity Framework Core store does).
    /// </summary>
    public PendingChange? UpdatedPendingChange { get; init; }

    /// <summary>Pending changes to delete (housekeeping of expired ones).</summary>
    public IReadOnlyList<PendingChangeId> RemovedPendingChanges { get => _removedPendingChanges ?? []; init => _removedPendingChanges = value; }

    /// <summary>Audit entries to append, in order; the store assigns their <see cref="AuditEntry.Sequence"/>.</summary>
    public IReadOnlyList<AuditEntry> AuditEntries { get => _auditEntries ?? []; init => _auditEntries = value; }

    /// <summary>
    /// Throws when no organization is set (<c>Organization = null!</c>), when a row it writes belongs to another organization than <see cref="Organization"/> (a commit is decided
    /// on one organization's version, under its lock, and must write nothing else), or when <see cref="UpdatedPendingChange"/> is not closed (status, closer and time).
    /// </summary>
    /// <param name="paramName">The caller's parameter name.</param>
    /// <exception cref="ArgumentException">No organization is set, a row belongs to another one, or the updated pending change is not closed.</exception>
    public void EnsureValid(string paramName)
    {
        if (Organization is null)
        {
            throw new ArgumentException("A commit must name the organization it writes.", paramName);
        }

        var id = Organization.Id;
        var foreign = AnyOf(AddedMemberships, static m => m.OrganizationId, id)
            || AnyOf(UpdatedMemberships, static m => m.OrganizationId, id)
            || AnyOf(AuditEntries, static e => e.OrganizationId, id)
            || AnyOf(RemovedPendingChanges, static p => p.OrganizationId, id)
            || AddedPendingChange is { } added && added.OrganizationId != id
            || UpdatedPendingChange is { } updated && updated.OrganizationId != id;
        if (foreign)
        {
            throw new ArgumentException($"A commit writes one organization, '{id}', and only its rows; this one names a row of another.", paramName);
        }

        if (UpdatedPendingChange is { Status: not (PendingChangeStatus.Applied or PendingChangeStatus.Cancelled) } or { ClosedBy: null } or { ClosedAt: null })
        {
            throw new ArgumentException($"A commit only closes a pending change: '{UpdatedPendingChange.Id}' must carry a closed status, its closer and its time.", paramName);
        }
    }

    // A loop, not LINQ: this runs on every commit.
    private static bool AnyOf<T>(IReadOnlyList<T> rows, Func<T, OrganizationId> organization, OrganizationId id)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (organization(rows[i]) != id)
            {
                return true;
            }
        }

        return false;
    }
}
