namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The access checks on SQLite files in WAL mode (synchronous=FULL, SQLite's default).</summary>
public class SqliteAccessCheckBenchmarks : DatabaseAccessCheckBenchmarks
{
    private protected override BenchmarkDatabase CreateDatabase(string name) => BenchmarkDatabase.Sqlite(name);
}
