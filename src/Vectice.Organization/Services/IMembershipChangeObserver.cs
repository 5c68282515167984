namespace Vectice.Organization;

/// <summary>
/// Told, in process, of every change the SDK commits: role changes, deactivations and reactivations
/// once confirmed, members added, organizations created, settings changed. Register implementations
/// in DI (any number); the services call them after the commit, in registration order.
/// </summary>
/// <remarks>
/// A notification is best effort: an observer that throws is logged (event 9, ObserverFailed) and
/// neither undoes nor fails the change, and a process that stops between commit and notification
/// never sends it. For a feed that survives restarts and serves several instances, read the audit
/// trail from a stored cursor instead (docs/notifications.md).
/// </remarks>
public interface IMembershipChangeObserver
{
    /// <summary>Called once per audit entry of a committed change.</summary>
    /// <param name="change">The entry as committed (its <see cref="AuditEntry.Sequence"/> is assigned by the store and is 0 here).</param>
    /// <param name="cancellationToken">The operation's token.</param>
    /// <returns>A task.</returns>
    ValueTask OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken);
}
