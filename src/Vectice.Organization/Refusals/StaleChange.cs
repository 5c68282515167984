namespace Vectice.Organization;

/// <summary>The target's role or status changed after the request, so confirming would apply something nobody saw.</summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="Expected">The target's role and status at request time.</param>
/// <param name="Actual">Their role and status now, or <see langword="null"/> when no longer a member.</param>
public sealed record StaleChange(PendingChangeId PendingChangeId, MembershipState Expected, MembershipState? Actual) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.StaleChange;

    /// <inheritdoc />
    public override string Reason => $"Pending change '{PendingChangeId}' was requested when the member was {Expected}, but they are now {(Actual?.ToString() ?? "not a member")}; request it again.";
}
