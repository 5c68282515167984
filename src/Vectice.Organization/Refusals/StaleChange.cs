namespace Vectice.Organization;

/// <summary>
/// The target's role or status (for a settings change: the organization's settings) changed after the
/// request, so confirming would apply something nobody saw.
/// </summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="Expected">The target's role and status at request time.</param>
/// <param name="Actual">Their role and status now, or <see langword="null"/> when no longer a member.</param>
public sealed record StaleChange(PendingChangeId PendingChangeId, MembershipState Expected, MembershipState? Actual) : Refusal
{
    /// <summary>For a bulk change, every member that moved since the request (<see cref="Expected"/> and <see cref="Actual"/> are the first's).</summary>
    public IReadOnlyList<UserId> Members { get; init; } = [];

    /// <summary>For a settings change, the settings now (they differ from those at request time); otherwise <see langword="null"/>.</summary>
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
