namespace Vectice.Organization;

/// <summary>The actor is an active Admin but may not confirm this pending change.</summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="Actor">The Admin who tried to confirm.</param>
/// <param name="RequestedBy">The Admin who requested it.</param>
public sealed record ConfirmerNotAllowed(PendingChangeId PendingChangeId, UserId Actor, UserId RequestedBy) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.ConfirmerNotAllowed;

    /// <inheritdoc />
    public override string Reason => $"Only the Admin who requested pending change '{PendingChangeId}' ('{RequestedBy}') may confirm it, not '{Actor}'.";
}
