namespace Vectice.Organization.Testing;

/// <summary>How many version conflicts the racers of a test met.</summary>
internal sealed class RaceCounter
{
    private int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public void Conflict() => Interlocked.Increment(ref _conflicts);

    /// <summary>
    /// Runs every racer on the thread pool, released together only once all of them have started (on a
    /// loaded machine a racer may start late; a start signal given before it arrives would let the
    /// others finish first), and waits for all of them. Racers are started in a random order: with
    /// fewer pool threads than racers and a store that completes synchronously (SQLite), the pool runs
    /// them in about the order they were queued, and a racer listed last would always come last.
    /// </summary>
    /// <returns>The racers' results, in the order the racers are given.</returns>
    public static async Task<T[]> RunAsync<T>(params Func<Task<T>>[] racers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = racers.Length;
        var order = Enumerable.Range(0, racers.Length).ToArray();
        Random.Shared.Shuffle(order);
        var tasks = new Task<T>[racers.Length];
        foreach (var i in order)
        {
            var racer = racers[i];
            tasks[i] = Task.Run(async () =>
            {
                if (Interlocked.Decrement(ref waiting) == 0)
                {
                    start.SetResult();
                }

                await start.Task.ConfigureAwait(false);
                return await racer().ConfigureAwait(false);
            });
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
