namespace Vectice.Organization;

/// <summary>
/// The organization changed after the request in a way that matters to it, so confirming would apply
/// something nobody saw: the target's role or status moved; for a settings change, the settings moved; or
/// four-eyes came to guard the change (it was switched on, or made stricter), so that it must be requested
/// again for another Admin to confirm. <see cref="Settings"/> is set in the last two cases.
/// </summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="Expected">The target's role and status at request time.</param>
/// <param name="Actual">Their role and status now, or <see langword="null"/> when no longer a member.</param>
public sealed record StaleChange(PendingChangeId PendingChangeId, MembershipState Expected, MembershipState? Actual) : Refusal
{
    /// <summary>For a bulk change, every member that moved since the request (<see cref="Expected"/> and <see cref="Actual"/> are the first's).</summary>
    public IReadOnlyList<UserId> Members { get; init; } = [];

    /// <summary>When the settings are why (a settings change whose settings moved, or a change four-eyes came to guard), the settings now; otherwise <see langword="null"/>.</summary>
    public OrganizationSettings? Settings { get; init; }

    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.StaleChange;

    /// <inheritdoc />
    public override string Reason => Settings is { } settings
        ? $"Pending change '{PendingChangeId}' is stale: the organization's settings changed since the request (now {settings}); request it again."
        : Members.Count > 1
        ? $"Pending change '{PendingChangeId}' is stale: {Members.Count} members changed since the request ({string.Join(", ", Members.Take(10))}{(Members.Count > 10 ? ", …" : string.Empty)}); request it again."
        : $"Pending change '{PendingChangeId}' was requested when the member was {Expected}, but they are now {(Actual?.ToString() ?? "not a member")}; request it again.";
}
