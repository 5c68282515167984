namespace Vectice.Organization;

/// <summary>
/// One applied change, written in the same atomic step as the change itself. Entries are
/// append-only: no API of this SDK updates or deletes one.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>
    /// The entry's position in its organization's trail, assigned by the store when the entry is
    /// committed: strictly increasing in commit order within an organization (the in-memory store
    /// counts 1, 2, 3…; a database store may leave gaps). Use it as the cursor of a reader.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>The organization.</summary>
    public required OrganizationId OrganizationId { get; init; }

    /// <summary>When the change was applied.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who applied it (the confirming Admin, or the founder for a new organization).</summary>
    public required UserId Actor { get; init; }

    /// <summary>What was done.</summary>
    public required AuditAction Action { get; init; }

    /// <summary>The member it was done to.</summary>
    public required UserId Target { get; init; }

    /// <summary>The target's role and status before; <see langword="null"/> when the membership was created.</summary>
    public MembershipState? Before { get; init; }

    /// <summary>The target's role and status after.</summary>
    public required MembershipState After { get; init; }

    /// <summary>The pending change that was confirmed; <see langword="null"/> for provisioning.</summary>
    public PendingChangeId? PendingChangeId { get; init; }
}
