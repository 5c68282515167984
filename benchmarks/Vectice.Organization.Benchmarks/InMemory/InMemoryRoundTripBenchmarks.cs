using BenchmarkDotNet.Attributes;

namespace Vectice.Organization.Benchmarks.InMemory;

/// <summary>
/// One request + confirm on the in-memory store (the membership changes, the pending change is
/// closed, one audit entry is written), against a floor that makes the same state change on a
/// dictionary under a lock and appends to a list. The role toggles each call so state never
/// drifts. The floor and <see cref="RequestThenConfirm"/> start each iteration from a fresh
/// organization: the cost for one with up to <see cref="Operations"/> changes of history.
/// <see cref="RequestThenConfirmOnLongHistory"/> keeps one organization for the whole run, so it
/// pays for a heap of about two million closed pending changes and audit entries.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Operations)]
public class InMemoryRoundTripBenchmarks
{
    public const int Operations = 16_384;

    private readonly RoundTrip _longHistory = new();
    private RoundTrip _fresh = null!;

    [IterationSetup(Targets = [nameof(DictionaryUnderLockFloor), nameof(RequestThenConfirm)])]
    public void FreshOrganization() => _fresh = new RoundTrip();

    [Benchmark(Baseline = true)]
    public int DictionaryUnderLockFloor() => _fresh.Floor();

    [Benchmark]
    public ValueTask<bool> RequestThenConfirm() => _fresh.RequestThenConfirmAsync();

    [Benchmark]
    public ValueTask<bool> RequestThenConfirmOnLongHistory() => _longHistory.RequestThenConfirmAsync();
}
