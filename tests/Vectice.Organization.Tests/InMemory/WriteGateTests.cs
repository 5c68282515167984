using Vectice.Organization.InMemory;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>
/// The in-memory store's write lock on its own: what the conformance kit's races check through the store
/// (<c>ConcurrencySpecification</c>), here one step at a time, then many writers at once, bounded by work.
/// </summary>
public sealed class WriteGateTests
{
    [Fact]
    public async Task Writers_that_find_it_held_get_it_in_their_order_of_arrival()
    {
        var gate = new WriteGate();
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        var first = gate.WaitAsync(CancellationToken.None);
        var second = gate.WaitAsync(CancellationToken.None);
        Assert.False(first.IsCompleted);

        gate.Exit();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(second.IsCompleted);
        Assert.False(gate.TryEnter());

        gate.Exit();
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(gate.TryEnter());

        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task A_cancelled_wait_holds_nothing_and_the_lock_goes_to_the_next_writer()
    {
        var gate = new WriteGate();
        Assert.True(gate.TryEnter());
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(cancel.Token);
        var next = gate.WaitAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(next.IsCompleted);

        gate.Exit();
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(gate.TryEnter());
    }

    [Fact]
    public async Task Let_go_with_only_cancelled_writers_queued_it_is_free()
    {
        var gate = new WriteGate();
        Assert.True(gate.TryEnter());
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(30)));

        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task A_wait_on_a_free_lock_takes_it_and_one_already_cancelled_on_a_held_lock_is_refused()
    {
        var gate = new WriteGate();
        await gate.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(gate.TryEnter());

        var refused = gate.WaitAsync(new CancellationToken(canceled: true));
        Assert.True(refused.IsCanceled);

        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task Writers_on_many_threads_never_hold_it_together_and_each_gets_it_or_is_cancelled()
    {
        const int Writers = 8;
        const int Each = 500;
        var gate = new WriteGate();
        var (inside, overlaps, entered, cancelled) = (0, 0, 0, 0);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(seed => Task.Run(async () =>
        {
            await start.Task;
            var random = new Random(seed);
            for (var i = 0; i < Each; i++)
            {
                using var cancel = new CancellationTokenSource();
                var wait = gate.TryEnter() ? Task.CompletedTask : gate.WaitAsync(cancel.Token);
                if (random.Next(4) == 0)
                {
                    // Races the grant: either the wait is cancelled and holds nothing, or it was granted first.
                    await cancel.CancelAsync();
                }

                try
                {
                    await wait;
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    continue;
                }

                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                Interlocked.Increment(ref entered);
                if (random.Next(2) == 0)
                {
                    await Task.Yield();
                }

                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, overlaps);
        Assert.Equal(Writers * Each, entered + cancelled);
        Assert.True(entered > 0);
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public void Letting_go_of_a_lock_nobody_holds_is_refused() =>
        Assert.Throws<InvalidOperationException>(new WriteGate().Exit);
}
