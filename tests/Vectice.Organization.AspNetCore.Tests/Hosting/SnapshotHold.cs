namespace Vectice.Organization.AspNetCore.Tests.Hosting;

/// <summary>Holds a store read until its token is cancelled (then tells so) or the test releases it (then it finds nothing).</summary>
public sealed class SnapshotHold : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    /// <summary>Completes with the read's token once a read is held.</summary>
    public TaskCompletionSource<CancellationToken> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a held read saw its token cancelled.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<OrganizationSnapshot?> WaitAsync(CancellationToken cancellationToken)
    {
        Entered.TrySetResult(cancellationToken);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _release.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Cancelled.TrySetResult();
            throw;
        }
        catch (OperationCanceledException)
        {
            // Released by the test.
        }

        return null;
    }

    /// <summary>Lets held reads go, so the host can stop.</summary>
    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }
}
