using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// Where a request + confirm's time goes, as a host runs it (a fresh scope each): the database's time per
/// kind of statement and per COMMIT as EF Core reports it, and the rest (DI scopes, contexts, connections
/// from the pool, EF's query pipeline, the SDK). <c>--write-profile</c>.
/// </summary>
internal static class WriteProfile
{
    private const int Warmup = 200;
    private const int Measured = 500;

    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Request + confirm, a fresh DI scope each (AddDbContext); {Measured} operations after {Warmup} (the database analyzed half-way, as autovacuum would); milliseconds per operation.")
            .AppendLine()
            .AppendLine("| Database | Phase | ms per operation |")
            .AppendLine("|---|---|---:|");
        var databases = BenchmarkDatabase.Available(withAutoPrepare: true);
        var settling = new StringBuilder();

        foreach (var (name, create) in databases)
        {
            var timer = new PhaseTimer();
            using var contestant = new VecticeContestant(create, pooled: false, observer: timer);
            await contestant.WarmUpAsync(Warmup);
            var settled = await ContestantWarmUp.SettleAsync([contestant], 20);

            timer.Reset();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Measured; i++)
            {
                await contestant.ToggleAsync();
            }

            var total = clock.Elapsed.TotalMilliseconds / Measured;
            settling.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {settled.Describe()}");
            foreach (var (phase, milliseconds) in timer.Milliseconds.OrderByDescending(p => p.Value))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {phase} | {milliseconds / Measured:F3} |");
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | the rest: DI scopes, contexts, connections, EF, the SDK | {total - (timer.Milliseconds.Values.Sum() / Measured):F3} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| {name} | **total** | **{total:F3}** |");
        }

        return report.AppendLine().Append(settling).ToString();
    }
}
