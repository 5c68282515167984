using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Vectice.Organization;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Revocation;

// Usage: dotnet run -c Release --project benchmarks/Vectice.Organization.Revocation [-- --reps 200 --warmup 10 --sqlite-reps 30 --variants postgresql-feed,postgresql-default,sqlite-polling]
// PostgreSQL runs when VECTICE_BENCH_POSTGRES (or else VECTICE_TEST_POSTGRES) holds a connection string whose role may create databases.
// The process starts itself again with --watch as the second process; that mode is not for people.
if (args is ["--watch", var storeName, var staleness, var organization, var user])
{
    var connectionString = Environment.GetEnvironmentVariable(Program.ConnectionStringVariable)
        ?? throw new InvalidOperationException($"{Program.ConnectionStringVariable} is not set.");
    return await Watcher.RunAsync(
        RevocationStore.Parse(storeName),
        connectionString,
        staleness == "default" ? null : TimeSpan.FromMilliseconds(double.Parse(staleness, CultureInfo.InvariantCulture)),
        new OrganizationId(organization),
        new UserId(user));
}

var options = Program.ParseOptions(args);
var server = Environment.GetEnvironmentVariable("VECTICE_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
    : ThrowawayDatabase.Server;

var variants = new List<RevocationRun>();
foreach (var name in options.Variants)
{
    switch (name)
    {
        case "postgresql-feed" when server is not null:
            variants.Add(new RevocationRun(name, RevocationStore.PostgreSql, TimeSpan.FromHours(1), options.Warmup, options.Reps));
            break;
        case "postgresql-default" when server is not null:
            variants.Add(new RevocationRun(name, RevocationStore.PostgreSql, null, options.Warmup, options.Reps));
            break;
        case "postgresql-feed" or "postgresql-default":
            Console.WriteLine($"{name} skipped: set VECTICE_BENCH_POSTGRES or VECTICE_TEST_POSTGRES to run it.");
            break;
        case "sqlite-polling" when options.SqliteReps > 0:
            variants.Add(new RevocationRun(name, RevocationStore.Sqlite, null, Math.Min(options.Warmup, 3), options.SqliteReps));
            break;
        case "sqlite-polling":
            break;
        default:
            Console.Error.WriteLine($"Unknown variant '{name}'.");
            return 2;
    }
}

Console.WriteLine(
    $"Revocation latency: {options.Reps} reps after {options.Warmup} warm-up reps (SQLite: {options.SqliteReps}), {Environment.ProcessorCount} cores, " +
    $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, Stopwatch {(Stopwatch.IsHighResolution ? "high-resolution" : "low-resolution")} at {Stopwatch.Frequency:N0} Hz");
Console.WriteLine();
Console.WriteLine(RevocationResult.Header);
foreach (var variant in variants)
{
    var result = await variant.RunAsync(server);
    Console.WriteLine(result.ToMarkdownRow());
}

return 0;

/// <summary>The command line.</summary>
internal static partial class Program
{
    public const string ConnectionStringVariable = "VECTICE_REVOCATION_CONNECTION";

    public static RunOptions ParseOptions(string[] args)
    {
        var options = new RunOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--reps" => options with { Reps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sqlite-reps" => options with { SqliteReps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--variants" => options with { Variants = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options.Reps > 0 && options.Warmup >= 0 && options.SqliteReps >= 0
            ? options
            : throw new ArgumentException("--reps must be positive, --warmup and --sqlite-reps not negative.");
    }

    internal sealed record RunOptions
    {
        public int Reps { get; init; } = 200;

        public int Warmup { get; init; } = 10;

        public int SqliteReps { get; init; } = 30;

        public IReadOnlyList<string> Variants { get; init; } = ["postgresql-feed", "postgresql-default", "sqlite-polling"];
    }
}
