using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// The contestants of <see cref="DatabaseRoundTripBenchmarks"/> and the floors of the design with their
/// reads, side by side in one process (<c>--interleaved</c>): after a warm-up, rounds in which each
/// contestant in turn (the order rotating every round) moves the user a few times, each operation timed. A shared machine drifts over minutes,
/// which moves BenchmarkDotNet's runs (one contestant after another) apart; interleaving gives every
/// contestant the same minutes, so the ratios between them hold.
/// </summary>
internal static class InterleavedRoundTrips
{
    private const int Warmup = 100;
    private const int Rounds = 60;
    private const int PerRound = 10;

    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{Warmup} operations each to warm up (the databases analyzed half-way, as autovacuum would), then {Rounds} rounds of {PerRound} operations per contestant, the order rotating every round; milliseconds per operation.")
            .AppendLine()
            .AppendLine("| Database | Contestant | Median ms | p90 ms | × floor | × floor of the design | × EF Core floor of the design (AddDbContext) |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        var summary = new StringBuilder();
        var databases = BenchmarkDatabase.Available();

        foreach (var (name, database) in databases)
        {
            var floor = new AdoNetFloorContestant(database);
            var efDesign = new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true);
            var efDesignPooled = new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true, pooled: true);
            var withReads = new AdoNetFloorContestant(database, twoTransactions: true, withReads: true);
            var efWithReads = new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true, withReads: true);
            var efWithReadsPooled = new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true, pooled: true, withReads: true);
            var sdk = new VecticeContestant(database, pooled: false);
            var sdkPooled = new VecticeContestant(database, pooled: true);
            var identity = new IdentityContestant(database, pooled: false);
            var identityPooled = new IdentityContestant(database, pooled: true);

            // The report's columns divide by the first three: the floor, the floor of the design, the EF Core floor of the design.
            IContestant[] contestants =
            [
                floor, new AdoNetFloorContestant(database, twoTransactions: true), efDesign, efDesignPooled,
                withReads, efWithReads, efWithReadsPooled, sdk, sdkPooled, identity, identityPooled,
            ];
            try
            {
                var medians = await MeasureAsync(contestants, report, summary, name);
                double Median(IContestant contestant) => medians[Array.IndexOf(contestants, contestant)];
                double Ratio(IContestant over, IContestant under) => Median(over) / Median(under);
                summary.AppendLine(CultureInfo.InvariantCulture, $"- {name}: Identity's median ÷ the SDK's: {Ratio(identity, sdk):F2}× with AddDbContext, {Ratio(identityPooled, sdkPooled):F2}× with AddDbContextPool. The SDK ÷ the floor: {Ratio(sdk, floor):F2}× with AddDbContext, {Ratio(sdkPooled, floor):F2}× with AddDbContextPool. The EF Core floor of the design ÷ the floor: {Ratio(efDesign, floor):F2}× with AddDbContext, {Ratio(efDesignPooled, floor):F2}× with AddDbContextPool; with its reads: {Ratio(efWithReads, floor):F2}× and {Ratio(efWithReadsPooled, floor):F2}× (by hand on ADO.NET: {Ratio(withReads, floor):F2}×). The SDK ÷ the EF Core floor of the design with its reads: {Ratio(sdk, efWithReads):F2}× with AddDbContext, {Ratio(sdkPooled, efWithReadsPooled):F2}× with AddDbContextPool.");
            }
            finally
            {
                Array.ForEach(contestants, c => c.Dispose());
            }
        }

        return report.AppendLine().Append(summary).ToString();
    }

    private static async Task<double[]> MeasureAsync(IContestant[] contestants, StringBuilder report, StringBuilder summary, string database)
    {
        var (samples, settled) = await RunAsync(contestants, Warmup, Rounds, PerRound);
        summary.AppendLine(CultureInfo.InvariantCulture, $"- {database}: {settled.Describe()}");
        var medians = Array.ConvertAll(samples, s => Percentile(s, 0.5));
        for (var i = 0; i < contestants.Length; i++)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {database} | {contestants[i].Name} | {medians[i]:F3} | {Percentile(samples[i], 0.9):F3} | {medians[i] / medians[0]:F2} | {medians[i] / medians[1]:F2} | {medians[i] / medians[2]:F2} |");
        }

        return medians;
    }

    /// <summary>
    /// Warms each contestant up and settles them all (<see cref="ContestantWarmUp.SettleAsync"/>), then runs
    /// <paramref name="rounds"/> rounds in which each in turn (the order rotating every round) does
    /// <paramref name="perTurn"/> timed operations; <paramref name="aroundTurn"/>, when given, runs each turn
    /// (given the contestant's index and the turn itself) to measure around it.
    /// </summary>
    /// <returns>Each contestant's milliseconds per operation, in its order, and the settling, told once the rounds are over.</returns>
    public static async Task<(List<double>[] Samples, JitSettling.Settled Settled)> RunAsync(
        IContestant[] contestants, int warmup, int rounds, int perTurn, Func<int, Func<Task>, Task>? aroundTurn = null)
    {
        foreach (var contestant in contestants)
        {
            await contestant.WarmUpAsync(warmup);
        }

        var settled = await ContestantWarmUp.SettleAsync(contestants, perTurn);

        var samples = Array.ConvertAll(contestants, _ => new List<double>(rounds * perTurn));
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < contestants.Length; turn++)
            {
                var index = (round + turn) % contestants.Length;
                Task Turn() => TimeAsync(contestants[index], samples[index], perTurn);
                await (aroundTurn is null ? Turn() : aroundTurn(index, Turn));
            }
        }

        return (samples, settled);
    }

    /// <summary>Runs <paramref name="operations"/> operations of <paramref name="contestant"/>, adding each one's milliseconds to <paramref name="samples"/>.</summary>
    public static async Task TimeAsync(IContestant contestant, List<double> samples, int operations)
    {
        for (var i = 0; i < operations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await contestant.ToggleAsync();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>The sample at <paramref name="rank"/> (0.5: the median) of <paramref name="samples"/>, which it leaves in their order.</summary>
    public static double Percentile(List<double> samples, double rank)
    {
        var sorted = samples.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(rank * sorted.Count))];
    }
}
