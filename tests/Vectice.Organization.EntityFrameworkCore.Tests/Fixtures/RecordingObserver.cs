namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>Keeps what the services told it, in order.</summary>
public sealed class RecordingObserver : IMembershipChangeObserver
{
    public List<AuditEntry> Told { get; } = [];

    public ValueTask OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken)
    {
        Told.Add(change);
        return ValueTask.CompletedTask;
    }
}
