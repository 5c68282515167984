using Vectice.Organization.Testing.Tests;

namespace Vectice.Organization.Tests.Access;

/// <summary>An in-memory store that counts snapshot reads and can hold one after it has read.</summary>
internal sealed class CountingStore : ForwardingStore
{
    private int _snapshotReads;

    public int SnapshotReads => Volatile.Read(ref _snapshotReads);

    /// <summary>Awaited after a snapshot is read and before it is returned, when set.</summary>
    public Func<Task>? AfterSnapshotRead { get; set; }

    /// <summary>
    /// Holds the next snapshot read after it has read: <c>ReadDone</c> completes then, and the read
    /// returns once <c>Release</c> is set.
    /// </summary>
    public (Task ReadDone, TaskCompletionSource Release) HoldNextRead()
    {
        var readDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AfterSnapshotRead = () =>
        {
            AfterSnapshotRead = null;
            readDone.SetResult();
            return release.Task;
        };
        return (readDone.Task, release);
    }

    public override async ValueTask<OrganizationSnapshot?> LoadSnapshotAsync(
        OrganizationId organizationId, UserId actor, UserId target, PendingChangeId? pendingChangeId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _snapshotReads);
        var snapshot = await base.LoadSnapshotAsync(organizationId, actor, target, pendingChangeId, cancellationToken);
        if (AfterSnapshotRead is { } hold)
        {
            await hold();
        }

        return snapshot;
    }
}
