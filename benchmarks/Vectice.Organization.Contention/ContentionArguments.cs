using System.Globalization;

namespace Vectice.Organization.Contention;

/// <summary>
/// The command line: <c>--ops N</c> operations per writer after <c>--warmup W</c> (50 and 3 by
/// default), <c>--writers 1,8</c> to run those writer counts on every store instead of each store's
/// own steps, <c>--stores sqlite,postgresql</c> to choose the stores (both by default), <c>--pooled</c>
/// to register the context with <c>AddDbContextPool</c> instead of <c>AddDbContext</c>, <c>--compare-hand-off</c>
/// to run each step twice, with the EF Core store's hand-off of a writer's turn and without it (in turns: one
/// step's without first, the next step's with), <c>--compare-group-commit</c> the same with the store's group commit
/// and without it, <c>--organizations N</c> to spread the writers over N organizations
/// of the database (writer i writes to organization i mod N; 1 by default), <c>--rounds R</c> to run the writer counts
/// in R rounds instead of once each, every round all of them one after another in an order that rotates, each step
/// <c>--step-ops T</c> operations in all (256 by default) shared by its writers, so that each writer count is compared
/// with the fewest writers of the same round, in the same minutes (<see cref="PairedRounds"/>), after an untimed round;
/// <c>--ops</c> then sets only the untimed step of the most writers that comes first.
/// </summary>
internal sealed record ContentionArguments(
    int Ops,
    int Warmup,
    IReadOnlyList<int>? Writers,
    IReadOnlyList<string> Stores,
    bool Pooled = false,
    bool CompareHandOff = false,
    int Organizations = 1,
    bool CompareGroupCommit = false,
    int Rounds = 0,
    int StepOps = 256)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    public static ContentionArguments Parse(string[] args)
    {
        var parsed = new ContentionArguments(50, 3, null, [Sqlite, Postgres]);
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            parsed = option switch
            {
                "--pooled" => parsed with { Pooled = true },
                "--compare-hand-off" when !parsed.CompareGroupCommit => parsed with { CompareHandOff = true },
                "--compare-group-commit" when !parsed.CompareHandOff => parsed with { CompareGroupCommit = true },
                "--ops" => parsed with { Ops = Positive(option, Value()) },
                "--organizations" => parsed with { Organizations = Positive(option, Value()) },
                "--warmup" => parsed with { Warmup = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--writers" => parsed with { Writers = [.. List(Value()).Select(w => Positive(option, w))] },
                "--stores" => parsed with { Stores = [.. List(Value()).Select(Store)] },
                "--rounds" => parsed with { Rounds = Positive(option, Value()) },
                "--step-ops" => parsed with { StepOps = Positive(option, Value()) },
                _ => throw new ArgumentException($"Unknown option {option}: use --ops, --warmup, --writers, --stores, --organizations, --pooled, --rounds, --step-ops, and one of --compare-hand-off or --compare-group-commit."),
            };

            string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{option} needs a value.");
        }

        // A round compares writer counts under the same options: a compared switch would double every step of it.
        if (parsed.Rounds > 0 && (parsed.CompareHandOff || parsed.CompareGroupCommit))
        {
            throw new ArgumentException("--rounds compares writer counts with the store's default options: leave out --compare-hand-off and --compare-group-commit.");
        }

        return parsed;
    }

    /// <summary>The operations each of <paramref name="writers"/> runs in a step of a round: its share of <see cref="StepOps"/>.</summary>
    public int RoundOpsPerWriter(int writers) => StepOps / writers;

    /// <summary>
    /// Refuses writer counts that rounds cannot compare: one given twice (a round keeps one step per count), or one that
    /// does not divide <see cref="StepOps"/> (its steps would run fewer operations than the others).
    /// </summary>
    /// <param name="writers">The writer counts of a store's rounds.</param>
    public void CheckRoundSteps(IReadOnlyList<int> writers)
    {
        if (writers.Distinct().Count() != writers.Count)
        {
            throw new ArgumentException($"--rounds runs each writer count once a round: {string.Join(',', writers)} names one twice.");
        }

        if (writers.FirstOrDefault(w => StepOps % w != 0) is > 0 and var uneven)
        {
            throw new ArgumentException($"--step-ops {StepOps} is not shared evenly by {uneven} writers: give a multiple of every writer count.");
        }
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Positive(string option, string value) =>
        int.Parse(value, CultureInfo.InvariantCulture) is > 0 and var n ? n : throw new ArgumentException($"{option} takes positive numbers.");

    private static string Store(string value) =>
        value.ToLowerInvariant() is Sqlite or Postgres ? value.ToLowerInvariant() : throw new ArgumentException($"Unknown store {value}: use {Sqlite} or {Postgres}.");
}
