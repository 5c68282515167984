using BenchmarkDotNet.Running;
using Vectice.Organization.Benchmarks.Databases;
using Vectice.Organization.Benchmarks.InMemory;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

// --round-trips, --interleaved, --history, --write-profile, --cpu-split, --statement-compile and --footprint print measurements that BenchmarkDotNet does not take; everything
// else goes to BenchmarkDotNet (for example --filter '*' --job Dry).
if (args is ["--round-trips"])
{
    Console.WriteLine(await RoundTripCount.MeasureAsync());
    return 0;
}

if (args is ["--interleaved"])
{
    Console.WriteLine(await InterleavedRoundTrips.MeasureAsync());
    return 0;
}

if (args is ["--history"])
{
    Console.WriteLine(await HistoryGrowth.MeasureAsync());
    return 0;
}

if (args is ["--write-profile"])
{
    Console.WriteLine(await WriteProfile.MeasureAsync());
    return 0;
}

if (args is ["--cpu-split"])
{
    Console.WriteLine(await CpuSplit.MeasureAsync());
    return 0;
}

if (args is ["--statement-compile"])
{
    Console.WriteLine(await StatementCompile.MeasureAsync());
    return 0;
}

if (args is ["--footprint"])
{
    Console.WriteLine(await Footprint.MeasureAsync(InMemoryFootprintBenchmarks.Memberships));
    return 0;
}

var benchmarks = typeof(Program).Assembly.GetTypes()
    .Where(t => t is { IsPublic: true, IsAbstract: false } && t.Name.EndsWith("Benchmarks", StringComparison.Ordinal))
    .ToList();
if (BenchmarkDatabase.PostgresConnectionString is null)
{
    Console.WriteLine($"The Postgres*Benchmarks skipped: set {ThrowawayDatabase.ServerVariable} to a PostgreSQL connection string whose role may create databases.");
    benchmarks.RemoveAll(t => t.Name.StartsWith("Postgres", StringComparison.Ordinal));
}

// A benchmark that throws is reported and skipped by BenchmarkDotNet; the exit code says so, so that CI fails.
var summaries = BenchmarkSwitcher.FromTypes([.. benchmarks]).Run(args);
var failed = summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
failed.ForEach(name => Console.Error.WriteLine($"failed: {name}"));
return failed.Count == 0 ? 0 : 1;
