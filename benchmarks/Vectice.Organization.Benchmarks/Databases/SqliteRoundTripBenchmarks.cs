namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The round trips on SQLite files in WAL mode (synchronous=FULL, SQLite's default).</summary>
public class SqliteRoundTripBenchmarks : DatabaseRoundTripBenchmarks
{
    private protected override BenchmarkDatabase CreateDatabase(string name) => BenchmarkDatabase.Sqlite(name);
}
