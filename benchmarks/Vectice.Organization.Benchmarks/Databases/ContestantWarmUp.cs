namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The one warm-up every database benchmark gives a contestant before it is timed.</summary>
internal static class ContestantWarmUp
{
    /// <summary>
    /// Half of <paramref name="operations"/>, then the statistics a host's database would have by then
    /// (<see cref="BenchmarkDatabase.Analyze"/>), then the other half, in which PostgreSQL plans the
    /// prepared statements again with them.
    /// </summary>
    public static async Task WarmUpAsync(this IContestant contestant, int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            if (i == operations / 2)
            {
                contestant.Analyze();
            }

            await contestant.ToggleAsync();
        }
    }
}
