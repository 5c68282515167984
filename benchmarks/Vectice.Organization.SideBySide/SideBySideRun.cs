using System.Globalization;
using System.Text;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// Times two builds' round trips in turn, so that both meet the machine's drift alike: each round times a
/// fresh organization's first operations and then the next operations on the build's long-lived
/// organization, for one build and then the other, the first build changing every round.
/// </summary>
internal static class SideBySideRun
{
    // Untimed young turns each, so that both builds' code reaches the runtime's optimized tier before timing.
    private const int WarmupTurns = 50;

    public static string Run(BuildContext[] builds, int rounds, int operations, int history)
    {
        for (var turn = 0; turn < WarmupTurns; turn++)
        {
            Array.ForEach(builds, b => b.Young(operations));
        }

        // Young first, then long history: a young turn right after a long one ran slower, whichever build it was.
        var young = Rounds(builds, b => b.Young, rounds, operations);
        Array.ForEach(builds, b => b.OnLongHistory(history));
        var longHistory = Rounds(builds, b => b.OnLongHistory, rounds, operations);

        var report = new StringBuilder();
        Array.ForEach(builds, b => report.AppendLine(CultureInfo.InvariantCulture, $"- {b.Name}: {b.Directory}"));
        report.AppendLine(CultureInfo.InvariantCulture, $"- DOTNET_GCgen0size: {Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "not set (the runtime's own budget)"}");
        report.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{rounds} rounds of {operations:N0} request + confirm per build and case, the builds in turn (each first in every other round), after {WarmupTurns} untimed turns each; the young rounds first, then, after {history:N0} untimed operations on each build's long-lived organization, the long-history rounds. Per operation, each turn after a full collection:")
            .AppendLine()
            .AppendLine("| Case | Build | Median ns | Mean ns | Bytes |")
            .AppendLine("|---|---|---:|---:|---:|");
        var cases = new[] { ("Young: a fresh organization's first operations", young), ($"Long history: from {history:N0} to {history + (rounds * operations):N0} changes", longHistory) };
        foreach (var (name, samples) in cases)
        {
            for (var i = 0; i < builds.Length; i++)
            {
                var times = samples[i].Select(s => s.Nanoseconds).ToList();
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {builds[i].Name} | {Median(times):F1} | {times.Average():F1} | {Median([.. samples[i].Select(s => s.Bytes)]):F0} |");
            }
        }

        report.AppendLine();
        foreach (var (name, samples) in cases)
        {
            // Paired by round: both builds of a round met the same minutes.
            var differences = samples[0].Zip(samples[1], (a, b) => a.Nanoseconds - b.Nanoseconds).ToList();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"- {name}: {builds[0].Name} faster in {differences.Count(d => d < 0)} rounds of {rounds}; {builds[0].Name} − {builds[1].Name} per round, median {Median(differences):F1} ns (quartiles {Quantile(differences, 0.25):F1} and {Quantile(differences, 0.75):F1}).");
        }

        return report.ToString();
    }

    private static List<(double Nanoseconds, double Bytes)>[] Rounds(
        BuildContext[] builds, Func<BuildContext, Func<int, (double Nanoseconds, double Bytes)>> turn, int rounds, int operations)
    {
        var samples = builds.Select(_ => new List<(double Nanoseconds, double Bytes)>(rounds)).ToArray();
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
    private static (double Nanoseconds, double Bytes) Timed(Func<int, (double Nanoseconds, double Bytes)> turn, int operations)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return turn(operations);
    }

    private static IEnumerable<int> Order(int round, int builds) => Enumerable.Range(0, builds).Select(k => (round + k) % builds);

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }
}
