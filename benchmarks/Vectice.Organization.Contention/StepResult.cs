using System.Globalization;
using Vectice.Organization.Benchmarks;

namespace Vectice.Organization.Contention;

/// <summary>
/// One step's figures (its writers spread over "Organizations", at most one per writer), measured after the barrier, and what went wrong in the whole step; with the
/// operations each writer ran to settle the process, and the methods compiled while timed. "Turn
/// wait" and "turn held" are what the store's writes spent waiting for the organization's turn and
/// holding it (two per operation: the request's and the confirm's), per operation; "turn busy" is the
/// part of the timed interval some writer held it: near 100%, more writers apply more changes only if
/// each holds it for less. "Hand-off": whether the store handed the thread on to the next writer when
/// one waited (docs/entity-framework-core.md); "Group commit": whether a writer whose commit found another waiting handed
/// its transaction on with the turn, for the last of the group to commit (docs/entity-framework-core.md). "Turn busy" over 100% means several turns were held at once: one per
/// organization where the database has a lock per organization's row (PostgreSQL). "Joined": the share of the store's
/// writes that held the turn (two per operation, and any run again) that ran in a transaction the writer before them
/// handed on (the store's <c>vectice.organization.write_turn.joined</c> over its <c>write_turn.held</c> records).
/// </summary>
internal sealed record StepResult(
    string Store,
    int Writers,
    int Organizations,
    int OpsPerWriter,
    TimeSpan Elapsed,
    IReadOnlyList<WriterTally> Measured,
    long Conflicts,
    long Retries,
    double TurnWaitMs,
    double TurnHeldMs,
    long Joined,
    long Holds,
    IReadOnlyList<Refusal> Unexpected,
    IReadOnlyList<string> Violations,
    JitSettling.Settled Settled,
    long CompiledWhileTimed)
{
    public const string Header =
        """
        | Store | Hand-off | Group commit | Writers | Organizations | Ops | Applied changes/s | Conflict refusals (request) | Conflict refusals (confirm) | Conflicts (meter) | Retries (meter) | Other refusals | p50 ms | p99 ms | Max ms | Turn wait ms/op | Turn held ms/op | Turn busy | Joined | Invariants | Settling ops | Settled | Compiled while timed |
        |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|
        """;

    public bool HandOff { get; init; } = true;

    public bool GroupCommit { get; init; } = true;

    public bool Failed => Unexpected.Count > 0 || Violations.Count > 0;

    /// <summary>The changes the writers applied per second, from the barrier to the last completion.</summary>
    public double ChangesPerSecond => Measured.Sum(t => t.Applied) / Elapsed.TotalSeconds;

    /// <summary>The operations' latencies, in milliseconds, in ascending order.</summary>
    public double[] SortedLatenciesMs() => [.. Measured.SelectMany(t => t.LatenciesMs).Order()];

    /// <summary>Nearest rank: the smallest latency that at least <paramref name="p"/> of the operations did not exceed.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public string ToMarkdownRow()
    {
        var latencies = SortedLatenciesMs();
        var operations = Writers * OpsPerWriter;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Store} | {YesNo(HandOff)} | {YesNo(GroupCommit)} | {Writers} | {Organizations} | {operations} | {ChangesPerSecond:F0} | {Measured.Sum(t => t.RequestConflicts)} | {Measured.Sum(t => t.ConfirmConflicts)} | {Conflicts} | {Retries} | {Unexpected.Count} | {Percentile(latencies, 0.50):F1} | {Percentile(latencies, 0.99):F1} | {(latencies.Length == 0 ? double.NaN : latencies[^1]):F1} | {TurnWaitMs / operations:F2} | {TurnHeldMs / operations:F2} | {TurnHeldMs / Elapsed.TotalMilliseconds:P0} | {(Holds == 0 ? 0 : Joined / (double)Holds):P0} | {(Violations.Count == 0 ? "held" : "VIOLATED")} | {Settled.Operations} | {(Settled.Quiet ? "yes" : "no: stopped at the limit")} | {CompiledWhileTimed} |");
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
