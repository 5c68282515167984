using System.Globalization;
using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// A request + confirm as the organization's history grows on a young database (<c>--history</c>): the
/// SDK keeps every pending change it closes, so its pending changes table grows by one row per operation,
/// where the floor reads nothing that grows. After the usual warm-up (analyzed half-way, as autovacuum would),
/// blocks of operations, the SDK's and the floor's interleaved in turns; each block's medians, and the
/// history the SDK had stored by its end. A cost that grows with the history shows as a ratio that grows
/// from block to block.
/// </summary>
internal static class HistoryGrowth
{
    private const int Warmup = 100;
    private const int Blocks = 6;
    private const int TurnsPerBlock = 10;
    private const int PerTurn = 100;

    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{Warmup} operations each to warm up (the databases analyzed half-way, as autovacuum would), then {Blocks} blocks of {TurnsPerBlock} turns of {PerTurn} operations per contestant; medians per block, milliseconds per operation. The SDK with AddDbContext, a scope per request and per confirm.")
            .AppendLine()
            .AppendLine("| Database | Block | Pending changes stored by its end | SDK median ms | Floor median ms | SDK ÷ floor |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");

        var settling = new StringBuilder();
        foreach (var (name, database) in BenchmarkDatabase.Available())
        {
            using var floor = new AdoNetFloorContestant(database);
            using var sdk = new VecticeContestant(database, pooled: false);
            await floor.WarmUpAsync(Warmup);
            await sdk.WarmUpAsync(Warmup);
            var settled = await ContestantWarmUp.SettleAsync([sdk, floor], PerTurn / 10);
            var stored = Warmup + settled.Operations;
            for (var block = 1; block <= Blocks; block++)
            {
                var (sdkTimes, floorTimes) = (new List<double>(), new List<double>());
                (IContestant Contestant, List<double> Times)[] turns = [(sdk, sdkTimes), (floor, floorTimes)];
                for (var turn = 0; turn < TurnsPerBlock; turn++)
                {
                    // Each goes first in every other turn.
                    foreach (var (contestant, times) in turn % 2 == 0 ? turns : Enumerable.Reverse(turns))
                    {
                        await InterleavedRoundTrips.TimeAsync(contestant, times, PerTurn);
                    }
                }

                stored += TurnsPerBlock * PerTurn;
                var (sdkMedian, floorMedian) = (InterleavedRoundTrips.Percentile(sdkTimes, 0.5), InterleavedRoundTrips.Percentile(floorTimes, 0.5));
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {block} | {stored:N0} | {sdkMedian:F3} | {floorMedian:F3} | {sdkMedian / floorMedian:F2} |");
            }

            settling.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {settled.Describe()}");
        }

        return report.AppendLine().Append(settling).ToString();
    }
}
