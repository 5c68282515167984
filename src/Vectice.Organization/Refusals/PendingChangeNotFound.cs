namespace Vectice.Organization;

/// <summary>No pending change has this identifier, or it belongs to an organization the actor is not a member of.</summary>
/// <param name="PendingChangeId">The identifier asked for.</param>
public sealed record PendingChangeNotFound(PendingChangeId PendingChangeId) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.PendingChangeNotFound;

    /// <inheritdoc />
    public override string Reason => $"Pending change '{PendingChangeId}' was not found.";
}
