namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>The PostgreSQL round trips with Npgsql's automatic statement preparation (<c>Max Auto Prepare=20</c>) for every contestant.</summary>
public class PostgresPreparedRoundTripBenchmarks : DatabaseRoundTripBenchmarks
{
    private protected override BenchmarkDatabase CreateDatabase(string name) => BenchmarkDatabase.PostgresPrepared(name);
}
