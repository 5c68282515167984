namespace Vectice.Organization;

/// <summary>The pending change was already applied or was cancelled.</summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="Status">Whether it was applied or cancelled.</param>
public sealed record PendingChangeClosed(PendingChangeId PendingChangeId, PendingChangeStatus Status) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.PendingChangeClosed;

    /// <inheritdoc />
    public override string Reason => Status == PendingChangeStatus.Applied
        ? $"Pending change '{PendingChangeId}' was already applied; a change is applied at most once."
        : $"Pending change '{PendingChangeId}' was cancelled and can no longer be confirmed.";
}
