namespace Vectice.Organization.Testing;

/// <summary>
/// How many version conflicts the racers of a test met, and how many of their queued writes began while
/// another racer's was still in the store's <c>WriteAsync</c> (waiting for its turn or writing).
/// </summary>
internal sealed class RaceCounter
{
    private int _conflicts;
    private int _writing;
    private int _overlaps;

    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>Queued writes that began while another was in the store's queue: where the queue forbids conflicts, the proof that racers met.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public void Conflict() => Interlocked.Increment(ref _conflicts);

    public void WriteStarted()
    {
        if (Interlocked.Increment(ref _writing) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
    }

    public void WriteEnded() => Interlocked.Decrement(ref _writing);

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
