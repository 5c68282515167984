using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Vectice.Organization.Benchmarks;

/// <summary>
/// Runs rounds of work until the runtime has compiled no method for <see cref="QuietRounds"/> rounds in
/// a row lasting <see cref="QuietTime"/> at least (in a new process, quiet spells of a third of a second
/// came before hundreds of methods more were compiled). Tiered compilation compiles a hot method again
/// (instrumented, then optimized) on a background thread, and goes on for thousands of operations after
/// the first ones. On two cores that thread takes the processor from what is timed, and a method not yet
/// optimized runs slower: work timed before then runs slower than in a host that has been up for a
/// minute, the code compiled last the most.
/// </summary>
internal static class JitSettling
{
    /// <summary>Rounds in a row in which the runtime compiled nothing, after which the work is settled.</summary>
    public const int QuietRounds = 10;

    /// <summary>The least time the quiet rounds take together.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromSeconds(1);

    /// <summary>The most rounds run: a safety net, reported when reached.</summary>
    public const int MostRounds = 500;

    /// <summary>Runs <paramref name="round"/> until the runtime is quiet, or <see cref="MostRounds"/> times.</summary>
    /// <param name="round">One round of the work, the same each time.</param>
    /// <param name="operationsPerRound">The operations of each contestant in one round, for the report.</param>
    public static async Task<Settled> UntilQuietAsync(Func<Task> round, int operationsPerRound)
    {
        var first = JitInfo.GetCompiledMethodCount();
        var (rounds, quiet, quietSince) = (0, 0, Stopwatch.GetTimestamp());
        for (; rounds < MostRounds && (quiet < QuietRounds || Stopwatch.GetElapsedTime(quietSince) < QuietTime); rounds++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round();
            if (JitInfo.GetCompiledMethodCount() != before)
            {
                (quiet, quietSince) = (0, Stopwatch.GetTimestamp());
            }
            else
            {
                quiet++;
            }
        }

        return new Settled(rounds, rounds * operationsPerRound, JitInfo.GetCompiledMethodCount() - first, rounds < MostRounds);
    }

    /// <summary>What settling took, and what was compiled after it, for a report.</summary>
    /// <param name="Rounds">The rounds run.</param>
    /// <param name="Operations">The operations of each contestant in them (all rounds).</param>
    /// <param name="Compiled">The methods the runtime compiled meanwhile.</param>
    /// <param name="Quiet">Whether the runtime went quiet (otherwise the safety net stopped the rounds).</param>
    internal sealed record Settled(int Rounds, int Operations, long Compiled, bool Quiet)
    {
        private readonly long _compiledAtEnd = JitInfo.GetCompiledMethodCount();

        /// <summary>A sentence for a report, once the timing is over: the settling, and the methods compiled since it ended (while timed).</summary>
        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{DescribeSettling()}; {JitInfo.GetCompiledMethodCount() - _compiledAtEnd} methods compiled while timed.");

        /// <summary>The settling alone, for a report written before the timing.</summary>
        public string DescribeSettling() => string.Create(
            CultureInfo.InvariantCulture,
            $"after the warm-up, {Rounds} rounds ({Operations} operations per contestant) until the runtime had compiled no method for {QuietRounds} rounds in a row and {QuietTime.TotalSeconds:F0} s ({Compiled} methods compiled meanwhile{(Quiet ? "" : $"; stopped at {MostRounds} rounds, the runtime still compiling")})");
    }
}
