using System.Globalization;
using Vectice.Organization.SideBySide;

// dotnet run -c Release --project benchmarks/Vectice.Organization.SideBySide -- --against DIR [--rounds N] [--long-rounds N] [--operations N] [--history N]
// DIR: the output directory of another build of src/Vectice.Organization (for example one of an older commit, in a git worktree).
string? against = null;
var (rounds, longRounds, operations, history) = (100, (int?)null, 16_384, 1_000_000);
for (var i = 0; i < args.Length; i++)
{
    string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.", nameof(args));
    switch (args[i])
    {
        case "--against": against = Value(); break;
        case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--long-rounds": longRounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--operations": operations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--history": history = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option {args[i]}: --against DIR [--rounds N] [--long-rounds N] [--operations N] [--history N].", nameof(args));
    }
}

if (against is null || rounds < 1 || longRounds < 1 || operations < 1 || history < 0)
{
    Console.Error.WriteLine("--against DIR is required (the output directory of another build of src/Vectice.Organization); --rounds, --long-rounds (by default --rounds) and --operations take 1 or more, --history 0 or more.");
    return 2;
}

BuildContext other;
try
{
    other = new("other build", against);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Console.WriteLine(await SideBySideRun.RunAsync([new("this tree", AppContext.BaseDirectory), other], rounds, longRounds ?? rounds, operations, history));
return 0;
