using System.Runtime.InteropServices;
using Vectice.Organization.Benchmarks;
using Vectice.Organization.Contention;

// Usage: dotnet run -c Release --project benchmarks/Vectice.Organization.Contention [-- --ops 50 --warmup 3 --writers 1,8,32 --stores sqlite,postgresql --organizations 1 --pooled --compare-hand-off | --compare-group-commit]
// PostgreSQL runs too when VECTICE_TEST_POSTGRES holds a connection string whose role may create databases.
// The exit code is 1 if a step refused anything but a lost race or broke an invariant.
var arguments = ContentionArguments.Parse(args);
var postgres = Environment.GetEnvironmentVariable("VECTICE_TEST_POSTGRES") is { Length: > 0 } value ? value : null;
var stores = new List<ContentionDatabase>();
if (arguments.Stores.Contains(ContentionArguments.Sqlite))
{
    stores.Add(ContentionDatabase.Sqlite());
}

if (arguments.Stores.Contains(ContentionArguments.Postgres) && postgres is not null)
{
    stores.Add(ContentionDatabase.Postgres(postgres));
}

Console.WriteLine($"Contention: {(arguments.Organizations == 1 ? "one organization" : $"writers spread over {arguments.Organizations} organizations of one database (at most one per writer)")}, one Admin per writer toggling a member of its own (Member ↔ Viewer); one operation = request then confirm, a fresh DI scope each ({ContextRegistration.Describe(arguments.Pooled)}); {arguments.Warmup} warm-up and {arguments.Ops} measured operations per writer; default options; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine(StepResult.Header);
var failed = false;
foreach (var store in stores)
{
    var step = 0;
    foreach (var writers in arguments.Writers ?? store.Steps)
    {
        // Without the compared switch first in one step, with it first in the next, so that both meet the machine's drift alike.
        bool[] offThenOn = step++ % 2 == 0 ? [false, true] : [true, false];
        (bool HandOff, bool GroupCommit)[] variants =
            arguments.CompareHandOff ? [.. offThenOn.Select(on => (on, true))]
            : arguments.CompareGroupCommit ? [.. offThenOn.Select(on => (true, on))]
            : [(true, true)];
        foreach (var (handOff, groupCommit) in variants)
        {
            // The store reads them at each write (docs/entity-framework-core.md).
            AppContext.SetSwitch("Vectice.Organization.EntityFrameworkCore.DisableWriteTurnHandOff", !handOff);
            AppContext.SetSwitch("Vectice.Organization.EntityFrameworkCore.DisableGroupCommit", !groupCommit);
            var result = await ContentionStep.RunAsync(store, writers, arguments.Organizations, arguments.Warmup, arguments.Ops, arguments.Pooled) with { HandOff = handOff, GroupCommit = groupCommit };
            Console.WriteLine(result.ToMarkdownRow());
            foreach (var problem in result.Unexpected.Select(r => $"refused: {r}").Concat(result.Violations.Select(v => $"invariant: {v}")))
            {
                Console.Error.WriteLine($"{store.Name}, {writers} writers: {problem}");
            }

            failed |= result.Failed;
        }
    }
}

if (arguments.Stores.Contains(ContentionArguments.Postgres) && postgres is null)
{
    Console.WriteLine();
    Console.WriteLine("PostgreSQL skipped: set VECTICE_TEST_POSTGRES to a connection string whose role may create databases.");
}

return failed ? 1 : 0;
