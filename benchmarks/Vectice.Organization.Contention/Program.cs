using System.Globalization;
using Vectice.Organization.Contention;

// Usage: dotnet run -c Release --project benchmarks/Vectice.Organization.Contention [-- <seconds per run>]
// PostgreSQL runs too when VECTICE_TEST_POSTGRES holds a connection string whose role may create databases.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var postgres = Environment.GetEnvironmentVariable("VECTICE_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

Console.WriteLine($"Contention: {seconds} s per run, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine("| Store | Organizations | Confirmers | Round trips/s | Conflicts | Retries | Refused (conflict) | p50 ms | p99 ms | Invariants |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
var failures = 0;
foreach (var store in postgres is null ? new[] { ContentionDatabase.Sqlite() } : [ContentionDatabase.Sqlite(), ContentionDatabase.Postgres(postgres)])
{
    foreach (var shared in new[] { true, false })
    {
        foreach (var confirmers in new[] { 1, 2, 4, 8 })
        {
            var result = await ContentionRun.RunAsync(store, shared, confirmers, TimeSpan.FromSeconds(seconds));
            failures += result.InvariantsHeld ? 0 : 1;
            Console.WriteLine(result.ToMarkdownRow());
        }
    }
}

if (postgres is null)
{
    Console.WriteLine();
    Console.WriteLine("PostgreSQL skipped: set VECTICE_TEST_POSTGRES to run it.");
}

return failures == 0 ? 0 : 1;
