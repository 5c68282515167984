namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The round trips on PostgreSQL databases (server defaults), on the connection string as a host writes it, when VECTICE_TEST_POSTGRES is set.</summary>
public class PostgresRoundTripBenchmarks : DatabaseRoundTripBenchmarks
{
    private protected override BenchmarkDatabase CreateDatabase(string name) => BenchmarkDatabase.Postgres(name);
}
