using System.Globalization;
using System.Text;
using Vectice.Organization.Benchmarks;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// Times two builds' round trips in turn, so that both meet the machine's drift alike: once the runtime
/// has stopped compiling either build's code, rounds that each time the first case's next operations, for
/// one build and then the other, the first build changing every round; then, for the in-memory store, after
/// each build's long-lived organization has grown, rounds that each time its next operations.
/// </summary>
internal static class SideBySideRun
{
    // The long-lived organizations grow in this many steps, the builds in turn, as the rounds run them.
    private const int GrowthSteps = 10;

    private const string PerTurn = "Per operation, each turn after a full collection; the processor time is the whole process's; the collections that fell inside a turn, per turn:";

    /// <summary>The in-memory store: a fresh organization's first operations, then a long-lived one's.</summary>
    public static readonly Workload InMemory = new("memory", "Young: a fresh organization's first operations", b => b.Young, b => b.OnLongHistory);

    /// <summary>The Entity Framework Core store on SQLite (<see cref="StoreRoundTrip.Sqlite"/>).</summary>
    public static readonly Workload Sqlite = new("sqlite", "SQLite, AddDbContext, a scope per request and per confirm: one organization, its history growing with the rounds", b => b.OnSqlite, null);

    /// <summary>The Entity Framework Core store on PostgreSQL (<see cref="StoreRoundTrip.PostgreSql"/>).</summary>
    public static readonly Workload PostgreSql = new("postgresql", "PostgreSQL, AddDbContextPool, a scope per request and per confirm: one organization, its history growing with the rounds", b => b.OnPostgreSql, null);

    /// <summary>Every store's workload, by the name <c>--store</c> takes.</summary>
    public static readonly Workload[] Workloads = [InMemory, Sqlite, PostgreSql];

    public static async Task<string> RunAsync(BuildContext[] builds, Workload workload, int rounds, int longRounds, int operations, int history)
    {
        var warmup = 0;
        var settled = await JitSettling.UntilQuietAsync(
            () =>
            {
                foreach (var i in Order(warmup++, builds.Length))
                {
                    workload.First(builds[i])(operations);
                }

                return Task.CompletedTask;
            },
            operations);

        // Young first, then long history: a young turn right after a long one ran slower, whichever build it was.
        var cases = new List<(string Name, List<Sample>[] Samples)> { (workload.FirstCase, Rounds(builds, workload.First, rounds, operations)) };
        var grown = history / GrowthSteps * GrowthSteps;
        if (workload.LongHistory is { } onLongHistory)
        {
            for (var step = 0; step < GrowthSteps; step++)
            {
                foreach (var i in Order(step, builds.Length))
                {
                    onLongHistory(builds[i])(history / GrowthSteps);
                }
            }

            cases.Add(($"Long history: from {grown:N0} to {grown + (longRounds * operations):N0} changes", Rounds(builds, onLongHistory, longRounds, operations)));
        }

        var report = new StringBuilder();
        foreach (var build in builds)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {build.Name}: {build.Directory}");
            foreach (var note in build.DependencyNotes())
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  - {note}");
            }
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"- DOTNET_GCgen0size: {Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "not set (the runtime's own budget)"}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Warm-up: {settled.Rounds} rounds of a turn of the first case per build, until the runtime had compiled no method for {JitSettling.QuietRounds} rounds in a row and {JitSettling.QuietTime.TotalSeconds:F0} s ({settled.Compiled} methods compiled meanwhile{(settled.Quiet ? "" : "; stopped by the safety net, the runtime still compiling")}).")
            .AppendLine()
            .AppendLine(workload.LongHistory is null
                ? string.Create(CultureInfo.InvariantCulture, $"Turns of {operations:N0} request + confirm, the builds in turn (each first in every other round), {rounds} rounds. {PerTurn}")
                : string.Create(CultureInfo.InvariantCulture, $"Turns of {operations:N0} request + confirm, the builds in turn (each first in every other round): {rounds} rounds on fresh organizations first, then, after {grown:N0} untimed operations on each build's long-lived organization, {longRounds} rounds on it. {PerTurn}"))
            .AppendLine()
            .AppendLine("| Case | Build | Median ns | Mean ns | Median processor ns | Bytes | Collections |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (name, samples) in cases)
        {
            for (var i = 0; i < builds.Length; i++)
            {
                var times = samples[i].Select(s => s.Nanoseconds).ToList();
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {builds[i].Name} | {Median(times):F1} | {times.Average():F1} | {Median([.. samples[i].Select(s => s.ProcessorNanoseconds)]):F1} | {Median([.. samples[i].Select(s => s.Bytes)]):F0} | {samples[i].Average(s => s.Collections):F1} |");
            }
        }

        report.AppendLine();
        foreach (var (name, samples) in cases)
        {
            // Paired by round: both builds of a round met the same minutes.
            var differences = samples[0].Zip(samples[1], (a, b) => a.Nanoseconds - b.Nanoseconds).ToList();
            var processor = samples[0].Zip(samples[1], (a, b) => a.ProcessorNanoseconds - b.ProcessorNanoseconds).ToList();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"- {name}: {builds[0].Name} faster in {differences.Count(d => d < 0)} rounds of {differences.Count}; {builds[0].Name} − {builds[1].Name} per round, median {Median(differences):F1} ns (quartiles {Quantile(differences, 0.25):F1} and {Quantile(differences, 0.75):F1}); in processor time, median {Median(processor):F1} ns (quartiles {Quantile(processor, 0.25):F1} and {Quantile(processor, 0.75):F1}).");
        }

        return report.ToString();
    }

    private static List<Sample>[] Rounds(BuildContext[] builds, Func<BuildContext, Func<int, (double Nanoseconds, double Bytes)>> turn, int rounds, int operations)
    {
        var samples = builds.Select(_ => new List<Sample>(rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var i in Order(round, builds.Length))
            {
                samples[i].Add(Timed(turn(builds[i]), operations));
            }
        }

        return samples;
    }

    // After a full collection, as BenchmarkDotNet starts each iteration: no turn pays for the garbage of the one before.
    private static Sample Timed(Func<int, (double Nanoseconds, double Bytes)> turn, int operations)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var collections = GC.CollectionCount(0);
        var processor = Environment.CpuUsage.TotalTime;
        var (nanoseconds, bytes) = turn(operations);
        var processorNanoseconds = (Environment.CpuUsage.TotalTime - processor).TotalNanoseconds / operations;
        return new(nanoseconds, processorNanoseconds, bytes, GC.CollectionCount(0) - collections);
    }

    private static IEnumerable<int> Order(int round, int builds) => Enumerable.Range(0, builds).Select(k => (round + k) % builds);

    private static double Median(List<double> values) => (Quantile(values, 0.5, roundUp: false) + Quantile(values, 0.5, roundUp: true)) / 2;

    // The value at q of the sorted values, the lower or the upper of two when q falls between them.
    private static double Quantile(List<double> values, double q, bool roundUp = false)
    {
        var sorted = values.Order().ToList();
        var at = q * (sorted.Count - 1);
        return sorted[(int)(roundUp ? Math.Ceiling(at) : Math.Floor(at))];
    }

    private readonly record struct Sample(double Nanoseconds, double ProcessorNanoseconds, double Bytes, int Collections);

    /// <summary>What the builds run: the first case's turns, and the long history's when the store has one.</summary>
    public sealed record Workload(
        string Name,
        string FirstCase,
        Func<BuildContext, Func<int, (double Nanoseconds, double Bytes)>> First,
        Func<BuildContext, Func<int, (double Nanoseconds, double Bytes)>>? LongHistory);
}
