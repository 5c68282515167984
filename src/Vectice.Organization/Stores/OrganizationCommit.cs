namespace Vectice.Organization.Stores;

/// <summary>
/// One atomic write to one organization, decided on the version before
/// <see cref="Organization"/>'s: every part is written, or none is.
/// </summary>
public sealed class OrganizationCommit
{
    /// <summary>The organization as it will be stored, its version one more than the version the write was decided on.</summary>
    public required Organization Organization { get; init; }

    /// <summary>The version the store must still hold for the write to succeed; 0 creates the organization.</summary>
    public long ExpectedVersion => Organization.Version - 1;

    /// <summary>Memberships to insert (they do not exist yet).</summary>
    public IReadOnlyList<Membership> AddedMemberships { get; init; } = [];

    /// <summary>Memberships to replace (they exist).</summary>
    public IReadOnlyList<Membership> UpdatedMemberships { get; init; } = [];

    /// <summary>A pending change to insert, if any.</summary>
    public PendingChange? AddedPendingChange { get; init; }

    /// <summary>A pending change to replace (to close it), if any.</summary>
    public PendingChange? UpdatedPendingChange { get; init; }

    /// <summary>Audit entries to append, in order; the store assigns their <see cref="AuditEntry.Sequence"/>.</summary>
    public IReadOnlyList<AuditEntry> AuditEntries { get; init; } = [];
}
