using System.Globalization;

namespace Vectice.Organization.Revocation;

/// <summary>
/// The latencies of one variant, in milliseconds, and the row that reports them; with the median
/// time of the refusing check itself (the watcher's read of the store after the feed dropped its entry)
/// and of the demoting confirm call.
/// </summary>
internal sealed record RevocationResult(string Variant, string Feed, string Staleness, int Reps, double Min, double P50, double P90, double P99, double Max, double RefusingCheckP50, double ConfirmP50)
{
    public const double GoalP99 = 100;

    public static string Header =>
        "| Variant | Feed | AccessMaxStaleness | Reps | min ms | p50 ms | p90 ms | p99 ms | max ms | refusing check p50 ms | confirm p50 ms | p99 ≤ 100 ms |" + Environment.NewLine +
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    public static RevocationResult From(RevocationRun run, List<Sample> samples)
    {
        var sorted = samples.Select(s => s.Latency).Order().ToArray();
        var checks = samples.Select(s => s.RefusingCheck).Order().ToArray();
        var confirms = samples.Select(s => s.Confirm).Order().ToArray();
        return new RevocationResult(
            run.Name,
            run.Name.StartsWith("postgresql", StringComparison.Ordinal) ? "PostgreSQL LISTEN/NOTIFY" : "polling, 1 s",
            run.Staleness,
            sorted.Length,
            sorted[0],
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.90),
            Percentile(sorted, 0.99),
            sorted[^1],
            Percentile(checks, 0.50),
            Percentile(confirms, 0.50));
    }

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Variant} | {Feed} | {Staleness} | {Reps} | {Min:F2} | {P50:F2} | {P90:F2} | {P99:F2} | {Max:F2} | {RefusingCheckP50:F2} | {ConfirmP50:F2} | {(P99 <= GoalP99 ? "yes" : "no")} |");

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
}
