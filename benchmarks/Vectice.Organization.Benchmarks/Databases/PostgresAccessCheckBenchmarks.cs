namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The access checks on PostgreSQL databases (server defaults), when VECTICE_TEST_POSTGRES is set.</summary>
public class PostgresAccessCheckBenchmarks : DatabaseAccessCheckBenchmarks
{
    private protected override BenchmarkDatabase CreateDatabase(string name) => BenchmarkDatabase.Postgres(name);
}
