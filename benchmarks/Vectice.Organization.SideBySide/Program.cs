using System.Globalization;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.SideBySide;

// dotnet run -c Release --project benchmarks/Vectice.Organization.SideBySide -- --against DIR [--store memory|sqlite|postgresql] [--rounds N] [--long-rounds N] [--operations N] [--history N]
// DIR: the output directory of another build of src/Vectice.Organization (for example one of an older commit, in a git worktree);
// with --store sqlite or postgresql, of src/Vectice.Organization.EntityFrameworkCore (postgresql needs VECTICE_TEST_POSTGRES, as the tests do). --long-rounds and --history are the in-memory store's only.
string? against = null;
var workload = SideBySideRun.InMemory;
var (rounds, longRounds, operations, history) = (100, (int?)null, (int?)null, 1_000_000);
for (var i = 0; i < args.Length; i++)
{
    string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.", nameof(args));
    switch (args[i])
    {
        case "--against": against = Value(); break;
        case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--long-rounds": longRounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--operations": operations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--store":
            var store = Value();
            workload = SideBySideRun.Workloads.FirstOrDefault(w => w.Name == store)
                ?? throw new ArgumentException($"--store takes {string.Join(", ", SideBySideRun.Workloads.Select(w => w.Name))}, not {store}.", nameof(args));
            break;
        case "--history": history = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option {args[i]}: --against DIR [--store memory|sqlite|postgresql] [--rounds N] [--long-rounds N] [--operations N] [--history N].", nameof(args));
    }
}

// A turn of the in-memory store takes milliseconds; one on a database, which writes to disk, a second or so.
var withStore = workload != SideBySideRun.InMemory;
operations ??= withStore ? 200 : 16_384;
if (against is null || rounds < 1 || longRounds < 1 || operations < 1 || history < 0)
{
    Console.Error.WriteLine("--against DIR is required (the output directory of another build of src/Vectice.Organization, or with --store sqlite or postgresql of src/Vectice.Organization.EntityFrameworkCore); --rounds, --long-rounds (by default --rounds) and --operations take 1 or more, --history 0 or more.");
    return 2;
}

if (workload == SideBySideRun.PostgreSql && ThrowawayDatabase.Server is null)
{
    Console.Error.WriteLine($"--store postgresql needs a server: set {ThrowawayDatabase.ServerVariable} to a connection string of a role that may create databases, as for the tests.");
    return 2;
}

BuildContext[] builds;
try
{
    builds = [new("this tree", AppContext.BaseDirectory, withStore), new("other build", against, withStore)];
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

try
{
    Console.WriteLine(await SideBySideRun.RunAsync(builds, workload, rounds, longRounds ?? rounds, operations.Value, history));
}
finally
{
    Array.ForEach(builds, b => b.DisposeStores());
}

return 0;
