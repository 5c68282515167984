namespace Vectice.Organization;

/// <summary>
/// The actor is an active Admin but may not confirm this pending change: it was requested without
/// four-eyes guarding it and the actor is not its requester, or with four-eyes guarding it and the
/// actor is its requester.
/// </summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="Actor">The Admin who tried to confirm.</param>
/// <param name="RequestedBy">The Admin who requested it.</param>
/// <param name="NeedsSecondAdmin">Whether the change needs an Admin other than its requester (four-eyes).</param>
public sealed record ConfirmerNotAllowed(PendingChangeId PendingChangeId, UserId Actor, UserId RequestedBy, bool NeedsSecondAdmin = false) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.ConfirmerNotAllowed;

    /// <inheritdoc />
    public override string Reason => NeedsSecondAdmin
        ? $"Pending change '{PendingChangeId}' needs four eyes: an active Admin other than '{RequestedBy}', who requested it, must confirm it."
        : $"Only the Admin who requested pending change '{PendingChangeId}' ('{RequestedBy}') may confirm it, not '{Actor}'.";
}
