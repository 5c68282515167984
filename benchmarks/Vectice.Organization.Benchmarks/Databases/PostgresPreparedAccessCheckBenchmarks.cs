namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The PostgreSQL access checks with Npgsql's automatic statement preparation (<c>Max Auto Prepare=20</c>) for every contestant.</summary>
public class PostgresPreparedAccessCheckBenchmarks : DatabaseAccessCheckBenchmarks
{
    private protected override BenchmarkDatabase CreateDatabase(string name) => BenchmarkDatabase.PostgresPrepared(name);
}
