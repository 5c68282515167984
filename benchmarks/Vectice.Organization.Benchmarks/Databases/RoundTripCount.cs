using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// Database round trips per operation (<c>--round-trips</c>) of the contestants of
/// <see cref="DatabaseRoundTripBenchmarks"/> and the hand-written floor of the design with its reads:
/// the SDK's and Identity's counted with an EF Core interceptor that sees every scope's context, the
/// floors' as their code sends them.
/// </summary>
internal static class RoundTripCount
{
    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder("| Database | Contestant | Commands per operation | Commits per operation | Round trips per operation |\n|---|---|---:|---:|---:|\n");
        var databases = BenchmarkDatabase.Available();

        foreach (var (name, database) in databases)
        {
            IEnumerable<Func<IContestant>> contestants =
            [
                () => new AdoNetFloorContestant(database),
                () => new AdoNetFloorContestant(database, twoTransactions: true),
                () => new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true),
                () => new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true, pooled: true),
                () => new AdoNetFloorContestant(database, twoTransactions: true, withReads: true),
                () => new VecticeContestant(database, pooled: false, countRoundTrips: true),
                () => new VecticeContestant(database, pooled: true, countRoundTrips: true),
                () => new IdentityContestant(database, pooled: false, countRoundTrips: true),
                () => new IdentityContestant(database, pooled: true, countRoundTrips: true),
            ];
            foreach (var create in contestants)
            {
                using var contestant = create();

                // The second call is the one counted: the first may warm what a host warms once.
                await contestant.ToggleAsync();
                await contestant.ToggleAsync();
                // A COMMIT sent as the last statement of a command is no round trip of its own.
                var (commands, commits, inCommands) = contestant.LastRoundTrips;
                report.Append($"| {name} | {contestant.Name} | {commands} | {commits} | {commands + commits - inCommands} |\n");
            }
        }

        return report.ToString();
    }
}
