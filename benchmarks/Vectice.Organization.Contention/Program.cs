using System.Runtime.InteropServices;
using Vectice.Organization.Benchmarks;
using Vectice.Organization.Contention;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

// Usage: dotnet run -c Release --project benchmarks/Vectice.Organization.Contention [-- --ops 50 --warmup 3 --writers 1,8,32 --stores sqlite,postgresql --organizations 1 --pooled --compare-hand-off | --compare-group-commit | --rounds 20 --step-ops 256]
// PostgreSQL runs too when VECTICE_TEST_POSTGRES holds a connection string whose role may create databases.
// The exit code is 1 if a step refused anything but a lost race or broke an invariant.
var arguments = ContentionArguments.Parse(args);
var postgres = ThrowawayDatabase.Server;
var stores = new List<ContentionDatabase>();
if (arguments.Stores.Contains(ContentionArguments.Sqlite))
{
    stores.Add(ContentionDatabase.Sqlite());
}

if (arguments.Stores.Contains(ContentionArguments.Postgres) && postgres is not null)
{
    stores.Add(ContentionDatabase.Postgres(postgres));
}

Console.WriteLine($"Contention: {(arguments.Organizations == 1 ? "one organization" : $"writers spread over {arguments.Organizations} organizations of one database (at most one per writer)")}, one Admin per writer toggling a member of its own (Member ↔ Viewer); one operation = request then confirm, a fresh DI scope each ({ContextRegistration.Describe(arguments.Pooled)}); {arguments.Warmup} warm-up and {(arguments.Rounds > 0 ? $"{arguments.StepOps} measured operations per step, shared by its writers, in {arguments.Rounds} rounds of every writer count" : $"{arguments.Ops} measured operations per writer")}; each store's steps after an untimed one of its most writers, {PrimingOps(arguments)} operations each, per variant; default options; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine(StepResult.Header);
var failed = false;
var paired = new List<PairedRounds>();
foreach (var store in stores)
{
    var steps = arguments.Writers ?? store.Steps;
    if (arguments.Rounds > 0)
    {
        arguments.CheckRoundSteps(steps);
    }

    // A process's first step with several writers compiled hundreds of methods while timed, though the runtime had gone
    // quiet in the step's own settling (benchmarks/results/contention.md, twenty-fourth round): every timed step follows one untimed.
    foreach (var (handOff, groupCommit) in Variants(offFirst: true))
    {
        failed |= Report(store, await RunAsync(store, steps.Max(), PrimingOps(arguments), handOff, groupCommit), timed: false);
    }

    if (arguments.Rounds > 0)
    {
        // Round -1 is untimed: in its first rounds a process kept compiling while timed (hundreds of methods in a step of
        // several SQLite writers) though each step had settled (benchmarks/results/contention.md, twenty-seventh round).
        var rounds = new PairedRounds(store.Name);
        for (var round = -1; round < arguments.Rounds; round++)
        {
            foreach (var writers in PairedRounds.Order(steps, round + 1))
            {
                var result = await RunAsync(store, writers, arguments.RoundOpsPerWriter(writers), handOff: true, groupCommit: true);
                failed |= Report(store, result, timed: round >= 0);
                if (round >= 0)
                {
                    rounds.Add(round, result);
                }
            }
        }

        paired.Add(rounds);
        continue;
    }

    var step = 0;
    foreach (var writers in steps)
    {
        // Without the compared switch first in one step, with it first in the next, so that both meet the machine's drift alike.
        foreach (var (handOff, groupCommit) in Variants(offFirst: step++ % 2 == 0))
        {
            failed |= Report(store, await RunAsync(store, writers, arguments.Ops, handOff, groupCommit), timed: true);
        }
    }
}

if (paired.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Paired rounds: {arguments.Rounds} rounds after an untimed one, each step {arguments.StepOps} operations shared by its writers; each writer count against the fewest writers of the same round.");
    Console.WriteLine();
    Console.WriteLine(PairedRounds.Header);
    paired.ForEach(p => Console.Write(p.ToMarkdownRows()));
}

if (arguments.Stores.Contains(ContentionArguments.Postgres) && postgres is null)
{
    Console.WriteLine();
    Console.WriteLine("PostgreSQL skipped: set VECTICE_TEST_POSTGRES to a connection string whose role may create databases.");
}

return failed ? 1 : 0;

(bool HandOff, bool GroupCommit)[] Variants(bool offFirst)
{
    bool[] offThenOn = offFirst ? [false, true] : [true, false];
    return arguments.CompareHandOff ? [.. offThenOn.Select(on => (on, true))]
        : arguments.CompareGroupCommit ? [.. offThenOn.Select(on => (true, on))]
        : [(true, true)];
}

async Task<StepResult> RunAsync(ContentionDatabase store, int writers, int ops, bool handOff, bool groupCommit)
{
    // The store reads them at each write (docs/entity-framework-core.md).
    AppContext.SetSwitch("Vectice.Organization.EntityFrameworkCore.DisableWriteTurnHandOff", !handOff);
    AppContext.SetSwitch("Vectice.Organization.EntityFrameworkCore.DisableGroupCommit", !groupCommit);
    return await ContentionStep.RunAsync(store, writers, arguments.Organizations, arguments.Warmup, ops, arguments.Pooled) with { HandOff = handOff, GroupCommit = groupCommit };
}

// A step's row when timed; an untimed step's refusals and broken invariants count all the same.
static bool Report(ContentionDatabase store, StepResult result, bool timed)
{
    if (timed)
    {
        Console.WriteLine(result.ToMarkdownRow());
    }

    foreach (var problem in result.Unexpected.Select(r => $"refused: {r}").Concat(result.Violations.Select(v => $"invariant: {v}")))
    {
        Console.Error.WriteLine($"{store.Name}, {result.Writers} writers{(timed ? "" : " (untimed)")}: {problem}");
    }

    return result.Failed;
}

static int PrimingOps(ContentionArguments arguments) => Math.Min(arguments.Ops, 50);
