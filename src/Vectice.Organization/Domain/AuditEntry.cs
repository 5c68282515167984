using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// One applied change, written in the same atomic step as the change itself. Entries are
/// append-only: no API of this SDK updates or deletes one.
/// </summary>
public sealed record AuditEntry
{
    // The in-memory store keeps every entry, and a request + confirm writes one: the defaults stand
    // for "none" (and are refused as values), so these fields take no nullable's flag and padding
    // (40 B of the object's 200). The purge count is kept plus one, so that its default is none too.
    private readonly UserId _requestedBy;
    private readonly MembershipState _before;
    private readonly PendingChangeId _pendingChangeId;
    private readonly DateTimeOffset _purgeCutoff;
    private readonly uint _purgedCountPlusOne;

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

    /// <summary>For a confirmed change, the Admin who requested it (under four-eyes, not the <see cref="Actor"/>); otherwise <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(UserId)</c>.</exception>
    public UserId? RequestedBy { get => _requestedBy.IsDefault ? null : _requestedBy; init => _requestedBy = Guard.Optional(value, nameof(value)); }

    /// <summary>What was done.</summary>
    public required AuditAction Action { get; init; }

    /// <summary>The member it was done to; for <see cref="AuditAction.SettingsChanged"/> and <see cref="AuditAction.PendingChangesPurged"/>, the Admin who did it (for a confirmed settings change, its requester).</summary>
    public required UserId Target { get; init; }

    /// <summary>The target's role and status before; <see langword="null"/> when the membership was created. Unchanged (equal to <see cref="After"/>) for a settings change or a purge.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(MembershipState)</c>.</exception>
    public MembershipState? Before { get => _before == default ? null : _before; init => _before = Guard.Optional(value, nameof(value)); }

    /// <summary>The target's role and status after.</summary>
    public required MembershipState After { get; init; }

    /// <summary>The pending change that was confirmed; <see langword="null"/> for provisioning, settings changed directly and purges.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(PendingChangeId)</c>.</exception>
    public PendingChangeId? PendingChangeId { get => _pendingChangeId.IsDefault ? null : _pendingChangeId; init => _pendingChangeId = Guard.Optional(value, nameof(value)); }

    /// <summary>For <see cref="AuditAction.SettingsChanged"/>, the settings before; otherwise <see langword="null"/>.</summary>
    public OrganizationSettings? SettingsBefore { get; init; }

    /// <summary>For <see cref="AuditAction.SettingsChanged"/>, the settings after; for <see cref="AuditAction.OrganizationCreated"/>, the settings it was created with; otherwise <see langword="null"/>.</summary>
    public OrganizationSettings? SettingsAfter { get; init; }

    /// <summary>For <see cref="AuditAction.PendingChangesPurged"/>, how many pending changes were deleted; otherwise <see langword="null"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int? PurgedCount
    {
        get => _purgedCountPlusOne == 0 ? null : (int)(_purgedCountPlusOne - 1);
        init => _purgedCountPlusOne = value switch
        {
            null => 0,
            >= 0 => (uint)value.Value + 1,
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "A purge deletes zero or more pending changes."),
        };
    }

    /// <summary>For <see cref="AuditAction.PendingChangesPurged"/>, the time at or before which the deleted changes had expired; otherwise <see langword="null"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is <c>default(DateTimeOffset)</c>.</exception>
    public DateTimeOffset? PurgeCutoff { get => _purgeCutoff == default ? null : _purgeCutoff; init => _purgeCutoff = Guard.Optional(value, nameof(value)); }
}
