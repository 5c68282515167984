using System.Globalization;
using System.Text;

namespace Vectice.Organization.Contention;

/// <summary>
/// The steps of <c>--rounds</c>, and what they say: a round runs every writer count once, one after another, so each
/// count is compared with the fewest writers of its own round, which met the same minutes of a shared machine. A
/// writer count's figures across separate runs moved by up to 3.8 times (benchmarks/results/contention.md,
/// twenty-sixth round); within a round they are measured seconds apart.
/// </summary>
internal sealed class PairedRounds(string store)
{
    private readonly List<Dictionary<int, StepResult>> _rounds = [];

    /// <summary>The writer counts of round <paramref name="round"/> (from 0), in the order it runs them: rotated by one each round.</summary>
    public static IEnumerable<int> Order(IReadOnlyList<int> writers, int round) =>
        writers.Select((_, i) => writers[(i + round) % writers.Count]);

    /// <summary>Adds a step of round <paramref name="round"/> (from 0, each round's steps together, rounds in order).</summary>
    public void Add(int round, StepResult result)
    {
        if (round == _rounds.Count)
        {
            _rounds.Add([]);
        }

        _rounds[round].Add(result.Writers, result);
    }

    public const string Header =
        """
        | Store | Writers | Rounds | Applied changes/s, median | Changes/s, lowest–highest | × the fewest writers' of the same round, median | ×, lowest–highest | Rounds at or over the fewest writers' | p50 ms, median of rounds | p99 ms, median of rounds |
        |---|---:|---:|---:|---|---:|---|---:|---:|---:|
        """;

    /// <summary>One row per writer count: its throughput across rounds, and against the fewest writers of each round.</summary>
    public string ToMarkdownRows()
    {
        var rows = new StringBuilder();
        var counts = _rounds.SelectMany(r => r.Keys).Distinct().Order().ToArray();
        var fewest = counts[0];
        foreach (var writers in counts)
        {
            // Every round ran every count once (ContentionArguments.CheckRoundSteps).
            var steps = _rounds.Select(r => (Step: r[writers], Fewest: r[fewest])).ToArray();
            var rates = steps.Select(s => s.Step.ChangesPerSecond).ToArray();
            var ratios = steps.Select(s => s.Step.ChangesPerSecond / s.Fewest.ChangesPerSecond).ToArray();
            var latencies = steps.Select(s => s.Step.SortedLatenciesMs()).ToArray();
            var against = writers == fewest ? "— | — | —" : string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):F2} | {ratios.Min():F2}–{ratios.Max():F2} | {ratios.Count(r => r >= 1)} of {ratios.Length}");
            rows.AppendLine(CultureInfo.InvariantCulture, $"| {store} | {writers} | {steps.Length} | {Median(rates):F0} | {rates.Min():F0}–{rates.Max():F0} | {against} | {Median([.. latencies.Select(l => StepResult.Percentile(l, 0.50))]):F1} | {Median([.. latencies.Select(l => StepResult.Percentile(l, 0.99))]):F1} |");
        }

        return rows.ToString();
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
