namespace Vectice.Organization.Testing;

/// <summary>How many version conflicts the racers of a test met.</summary>
internal sealed class RaceCounter
{
    private int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public void Conflict() => Interlocked.Increment(ref _conflicts);

    /// <summary>Starts every racer at once and waits for all of them.</summary>
    public static async Task<T[]> RunAsync<T>(params Func<Task<T>>[] racers)
    {
        using var start = new ManualResetEventSlim();
        var tasks = racers.Select(racer => Task.Run(async () =>
        {
            start.Wait();
            return await racer().ConfigureAwait(false);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
