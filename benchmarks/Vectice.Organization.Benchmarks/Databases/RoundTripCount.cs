using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>Database round trips per operation (<c>--round-trips</c>), counted with an EF Core interceptor.</summary>
internal static class RoundTripCount
{
    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder("| Database | Contestant | Commands per operation | Commits per operation |\n|---|---|---:|---:|\n");
        var databases = new List<(string Name, Func<string, BenchmarkDatabase> Create)> { ("SQLite", BenchmarkDatabase.Sqlite) };
        if (BenchmarkDatabase.PostgresConnectionString is not null)
        {
            databases.Add(("PostgreSQL", BenchmarkDatabase.Postgres));
        }

        foreach (var (name, database) in databases)
        {
            IContestant[] contestants = [new AdoNetFloorContestant(database), new VecticeContestant(database), new IdentityContestant(database)];
            foreach (var contestant in contestants)
            {
                using (contestant)
                {
                    await contestant.ToggleAsync();
                    await contestant.ToggleAsync();
                    report.Append($"| {name} | {contestant.Name} | {contestant.LastRoundTrips.Commands} | {contestant.LastRoundTrips.Commits} |\n");
                }
            }
        }

        return report.ToString();
    }
}
