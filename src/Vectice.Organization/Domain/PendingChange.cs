using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// A requested change, waiting for confirmation: the SDK's confirmation page. Nothing changes until
/// it is confirmed. Most change one member (or, in bulk, many); a <see cref="ChangeKind.ChangeSettings"/>
/// change weakens four-eyes.
/// </summary>
public sealed record PendingChange
{
    // Every closed change stays in the in-memory store's history, and a request + confirm makes two:
    // these fields take no nullable's padding (16 B of the object's 200). The default UserId stands for
    // "not closed" and is refused as a value; ClosedAt's flag fits in padding the object has anyway.
    private readonly UserId _closedBy;
    private readonly DateTimeOffset _closedAt;
    private readonly bool _hasClosedAt;
    private readonly IReadOnlyList<MemberTransition>? _members;

    /// <summary>The change's unguessable identifier.</summary>
    public required PendingChangeId Id { get; init; }

    /// <summary>The organization.</summary>
    public required OrganizationId OrganizationId { get; init; }

    /// <summary>The member the change applies to; for a bulk change, the first of <see cref="Members"/>; for a settings change, the requester.</summary>
    public required UserId Target { get; init; }

    /// <summary>What the change does.</summary>
    public required ChangeKind Kind { get; init; }

    /// <summary>The target's role and status when the change was requested; confirm refuses as stale if they moved.</summary>
    public required MembershipState From { get; init; }

    /// <summary>The target's role and status once confirmed; for a bulk change, every member's.</summary>
    public required MembershipState To { get; init; }

    /// <summary>
    /// For a <see cref="ChangeKind.BulkChangeRole"/> change, every member it moves (at most
    /// <see cref="MaxBulkMembers"/>) with the state each had at request time; otherwise <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// The change keeps a read-only copy of the list it is given: the in-memory store keeps and hands out
    /// the very object a request returned, so a list that its creator could still change (an array
    /// behind the interface) would let the requester change a request after a second Admin had seen it.
    /// </remarks>
    public IReadOnlyList<MemberTransition>? Members { get => _members; init => _members = value is null ? null : Array.AsReadOnly(value.ToArray()); }

    /// <summary>The most members one bulk change may move.</summary>
    public const int MaxBulkMembers = 1000;

    /// <summary>Every member the change moves, with their state at request time (one for a single change).</summary>
    public IReadOnlyList<MemberTransition> Transitions => Members ?? [new MemberTransition(Target, From)];

    /// <summary>
    /// For a <see cref="ChangeKind.ChangeSettings"/> change, the organization's settings when it was
    /// requested (confirm refuses as stale if they moved); otherwise <see langword="null"/>.
    /// </summary>
    public OrganizationSettings? SettingsBefore { get; init; }

    /// <summary>For a <see cref="ChangeKind.ChangeSettings"/> change, the settings once confirmed; otherwise <see langword="null"/>.</summary>
    public OrganizationSettings? SettingsAfter { get; init; }

    /// <summary>The four-eyes policy in force when the change was requested (see <see cref="NeedsSecondAdmin"/>).</summary>
    public FourEyesPolicy FourEyesAtRequest { get; init; }

    /// <summary>
    /// Whether four-eyes, as it was when the change was requested, makes an Admin other than the
    /// requester confirm it. The requirement is fixed at request: switching four-eyes off later lifts
    /// nothing, and a change that four-eyes came to guard only after its request is refused as stale at
    /// confirm (request it again), so that no Admin completes alone what another only drafted.
    /// </summary>
    public bool NeedsSecondAdmin => new OrganizationSettings(false, false, FourEyesAtRequest).NeedsSecondAdmin(this);

    /// <summary>The Admin who requested the change.</summary>
    public required UserId RequestedBy { get; init; }

    /// <summary>When the change was requested.</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The first instant at which the change can no longer be confirmed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Whether the change is still pending, applied or cancelled.</summary>
    public PendingChangeStatus Status { get; init; } = PendingChangeStatus.Pending;

    /// <summary>Who applied or cancelled the change; <see langword="null"/> while pending.</summary>
    /// <exception cref="ArgumentException">The value is <c>default(UserId)</c>.</exception>
    public UserId? ClosedBy { get => _closedBy.IsDefault ? null : _closedBy; init => _closedBy = Guard.Optional(value, nameof(value)); }

    /// <summary>When the change was applied or cancelled; <see langword="null"/> while pending.</summary>
    public DateTimeOffset? ClosedAt { get => _hasClosedAt ? _closedAt : null; init => (_closedAt, _hasClosedAt) = (value.GetValueOrDefault(), value.HasValue); }

    /// <summary>Whether the change can no longer be confirmed at <paramref name="now"/> because it expired.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> from <see cref="ExpiresAt"/> on.</returns>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
