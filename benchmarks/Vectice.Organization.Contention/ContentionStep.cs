using System.Diagnostics;
using System.Runtime;
using Vectice.Organization.Benchmarks;

namespace Vectice.Organization.Contention;

/// <summary>
/// One step: a fresh database and host, its writers all at once until the runtime has stopped compiling
/// the code they run (<see cref="JitSettling"/>; the paths of waiting writers too), then the writers
/// warm up, meet at a barrier, then each run the same number of operations; timed from the barrier to
/// the last completion.
/// </summary>
internal static class ContentionStep
{
    /// <summary>A safety net only: a step is bounded by its operations.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The operations of one round of settling, shared by the writers (each does at least 2).</summary>
    private const int SettlingRoundOperations = 40;

    public static async Task<StepResult> RunAsync(ContentionDatabase database, int writers, int organizations, int warmUp, int ops, bool pooled)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var connectionString = database.Create();
        try
        {
            await using var host = await ContentionHost.StartAsync(database, connectionString, writers, organizations, pooled);
            using var meter = new SdkRaceMeter();
            var team = Enumerable.Range(0, writers).Select(i => new Writer(host, i, ContentionHost.OrganizationOf(i, organizations))).ToArray();
            var settlingRound = Math.Max(2, SettlingRoundOperations / writers);
            var settled = await JitSettling.UntilQuietAsync(
                () => Task.WhenAll(team.Select(async writer =>
                {
                    for (var i = 0; i < settlingRound; i++)
                    {
                        await writer.WarmUpOnceAsync(timeout.Token);
                    }
                })),
                settlingRound);
            var ready = team.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = team.Select((w, i) => Task.Run(() => w.RunAsync(warmUp, ops, ready[i], start.Task, timeout.Token))).ToArray();

            // A writer that fails in its warm-up never gets ready: wait for that too, so that it is reported.
            await Task.WhenAny(Task.WhenAll(ready.Select(r => r.Task)), Task.WhenAny(running).Unwrap());
            var before = meter.Read();
            var turnsBefore = meter.ReadTurns();
            var joinedBefore = meter.Joined;
            var compiledBefore = JitInfo.GetCompiledMethodCount();
            var clock = Stopwatch.StartNew();
            start.SetResult();
            await Task.WhenAll(running);
            var elapsed = clock.Elapsed;
            var compiledWhileTimed = JitInfo.GetCompiledMethodCount() - compiledBefore;
            var after = meter.Read();
            var turnsAfter = meter.ReadTurns();
            var joined = meter.Joined - joinedBefore;

            var violations = await Invariants.ViolationsAsync(host, team, timeout.Token);
            return new StepResult(
                database.Name,
                writers,
                Math.Min(writers, organizations),
                ops,
                elapsed,
                [.. team.Select(w => w.Measured)],
                after.Conflicts - before.Conflicts,
                after.Retries - before.Retries,
                turnsAfter.WaitMs - turnsBefore.WaitMs,
                turnsAfter.HeldMs - turnsBefore.HeldMs,
                joined,
                turnsAfter.Holds - turnsBefore.Holds,
                [.. team.SelectMany(w => w.WarmUp.Unexpected.Concat(w.Measured.Unexpected))],
                violations,
                settled,
                compiledWhileTimed);
        }
        finally
        {
            database.Drop(connectionString);
        }
    }
}
