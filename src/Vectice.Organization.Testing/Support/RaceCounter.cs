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
    /// others finish first), and waits for all of them.
    /// </summary>
    public static async Task<T[]> RunAsync<T>(params Func<Task<T>>[] racers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = racers.Length;
        var tasks = racers.Select(racer => Task.Run(async () =>
        {
            if (Interlocked.Decrement(ref waiting) == 0)
            {
                start.SetResult();
            }

            await start.Task.ConfigureAwait(false);
            return await racer().ConfigureAwait(false);
        })).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
