namespace Vectice.Organization;

/// <summary>The pending change was not confirmed before it expired.</summary>
/// <param name="PendingChangeId">The pending change.</param>
/// <param name="ExpiredAt">When it expired.</param>
public sealed record PendingChangeExpired(PendingChangeId PendingChangeId, DateTimeOffset ExpiredAt) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.PendingChangeExpired;

    /// <inheritdoc />
    public override string Reason => $"Pending change '{PendingChangeId}' expired at {ExpiredAt:u}; request it again.";
}
