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
/// of the database (writer i writes to organization i mod N; 1 by default).
/// </summary>
internal sealed record ContentionArguments(
    int Ops, int Warmup, IReadOnlyList<int>? Writers, IReadOnlyList<string> Stores, bool Pooled = false, bool CompareHandOff = false, int Organizations = 1, bool CompareGroupCommit = false)
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
                _ => throw new ArgumentException($"Unknown option {option}: use --ops, --warmup, --writers, --stores, --organizations, --pooled, and one of --compare-hand-off or --compare-group-commit."),
            };

            string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{option} needs a value.");
        }

        return parsed;
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Positive(string option, string value) =>
        int.Parse(value, CultureInfo.InvariantCulture) is > 0 and var n ? n : throw new ArgumentException($"{option} takes positive numbers.");

    private static string Store(string value) =>
        value.ToLowerInvariant() is Sqlite or Postgres ? value.ToLowerInvariant() : throw new ArgumentException($"Unknown store {value}: use {Sqlite} or {Postgres}.");
}
