using System.Globalization;
using System.Runtime;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The one warm-up every database benchmark gives a contestant before it is timed.</summary>
internal static class ContestantWarmUp
{
    /// <summary>Rounds in a row in which the runtime compiled nothing, after which the contestants are settled.</summary>
    private const int QuietRounds = 10;

    /// <summary>The most rounds <see cref="SettleAsync"/> runs: a safety net, reported when reached.</summary>
    private const int MostRounds = 500;

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
    /// Rounds of <paramref name="perTurn"/> operations of each contestant, until the runtime has compiled
    /// no method for <see cref="QuietRounds"/> rounds in a row. Tiered compilation compiles a hot method
    /// again (instrumented, then optimized) on a background thread, and goes on for thousands of
    /// operations after the first ones: 3,000 to 5,500 methods in 2,500 to 5,000 operations after a
    /// warm-up of 200 each, when three contestants shared a process. On two cores that thread takes the
    /// processor from the contestants, and a method not yet optimized runs slower, so that a contestant
    /// timed before then, the one with the most code the most, looks slower than a host that has been up
    /// for a minute sees it.
    /// </summary>
    /// <returns>The rounds run, the methods compiled meanwhile, and whether the contestants settled before <see cref="MostRounds"/>.</returns>
    public static async Task<Settled> SettleAsync(IReadOnlyList<IContestant> contestants, int perTurn)
    {
        var first = JitInfo.GetCompiledMethodCount();
        var (rounds, quiet) = (0, 0);
        for (; rounds < MostRounds && quiet < QuietRounds; rounds++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            foreach (var contestant in contestants)
            {
                for (var i = 0; i < perTurn; i++)
                {
                    await contestant.ToggleAsync();
                }
            }

            quiet = JitInfo.GetCompiledMethodCount() == before ? quiet + 1 : 0;
        }

        return new Settled(rounds, rounds * perTurn, JitInfo.GetCompiledMethodCount() - first, quiet == QuietRounds);
    }

    /// <summary>What <see cref="SettleAsync"/> took, and what was compiled after it, for a report.</summary>
    /// <param name="Rounds">The rounds run.</param>
    /// <param name="Operations">The operations of each contestant in them (all rounds).</param>
    /// <param name="Compiled">The methods the runtime compiled meanwhile.</param>
    /// <param name="Quiet">Whether the runtime went quiet (otherwise the safety net stopped the rounds).</param>
    internal sealed record Settled(int Rounds, int Operations, long Compiled, bool Quiet)
    {
        private readonly long _compiledAtEnd = JitInfo.GetCompiledMethodCount();

        /// <summary>A sentence for a report: the settling, and the methods compiled since it ended (while timed).</summary>
        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"{DescribeSettling()}; {JitInfo.GetCompiledMethodCount() - _compiledAtEnd} methods compiled while timed.");

        /// <summary>The settling alone, for a report written before the timing.</summary>
        public string DescribeSettling() => string.Create(
            CultureInfo.InvariantCulture,
            $"after the warm-up, {Rounds} rounds ({Operations} operations per contestant) until the runtime had compiled no method for {QuietRounds} rounds in a row ({Compiled} methods compiled meanwhile{(Quiet ? "" : $"; stopped at {MostRounds} rounds, the runtime still compiling")})");
    }
}
