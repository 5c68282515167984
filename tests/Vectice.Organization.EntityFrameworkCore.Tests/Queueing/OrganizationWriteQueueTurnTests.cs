namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// The queue's own bookkeeping, without a database: one writer at a time holds an organization's turn,
/// and the turn is gone once its last writer has left, however writers come and go.
/// </summary>
public sealed class OrganizationWriteQueueTurnTests
{
    [Fact]
    public async Task Writers_that_come_and_go_never_hold_one_organizations_turn_together()
    {
        const int Writers = 8;
        const int TurnsEach = 20_000;
        var organization = $"turns-{Guid.NewGuid():N}";
        var (inside, overlaps) = (0, 0);
        using var start = new Barrier(Writers);
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            for (var i = 0; i < TurnsEach; i++)
            {
                using (await OrganizationWriteQueue.EnterAsync(organization, CancellationToken.None))
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    // Most turns end at once, so that turns are often left empty and removed while others arrive.
                    if (i % 16 == 0)
                    {
                        await Task.Yield();
                    }

                    Interlocked.Decrement(ref inside);
                }
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, overlaps);
        Assert.Null(OrganizationWriteQueue.Writing(organization));
    }

    [Fact]
    public async Task A_writer_whose_token_is_cancelled_before_its_turn_does_not_get_it()
    {
        var organization = $"cancelled-{Guid.NewGuid():N}";
        var first = await OrganizationWriteQueue.EnterAsync(organization, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var second = OrganizationWriteQueue.EnterAsync(organization, cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(1, OrganizationWriteQueue.Writing(organization));
        first.Dispose();
        Assert.Null(OrganizationWriteQueue.Writing(organization));
    }
}
