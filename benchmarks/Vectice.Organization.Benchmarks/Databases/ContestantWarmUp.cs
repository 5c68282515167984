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

    /// <summary>
    /// Rounds of <paramref name="perTurn"/> operations of each contestant, until the runtime has stopped
    /// compiling (<see cref="JitSettling"/>). Without it, the three contestants of <c>--cpu-split</c> were
    /// timed while the runtime compiled 3,500 to 5,500 methods more, in the 600 to 2,240 operations each
    /// that settling them now takes after their warm-up of 200.
    /// </summary>
    /// <remarks>Each contestant's database is analyzed again once settled, as autovacuum would have by then.</remarks>
    public static async Task<JitSettling.Settled> SettleAsync(IReadOnlyList<IContestant> contestants, int perTurn)
    {
        var settled = await JitSettling.UntilQuietAsync(
            async () =>
            {
                foreach (var contestant in contestants)
                {
                    for (var i = 0; i < perTurn; i++)
                    {
                        await contestant.ToggleAsync();
                    }
                }
            },
            perTurn);
        foreach (var contestant in contestants)
        {
            contestant.Analyze();
        }

        return settled;
    }
}
