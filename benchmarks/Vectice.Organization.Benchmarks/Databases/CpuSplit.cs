using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// Whose processor time a request + confirm takes (<c>--cpu-split</c>): the floor, the EF Core floor of
/// the design with its reads and the SDK, each with <c>AddDbContext</c>, in interleaved turns; per
/// operation, the median time, this process's processor time and, when PostgreSQL runs on this machine,
/// its server processes' (read from <c>/proc</c> before and after each turn). It tells how much of the
/// SDK's time beyond the EF Core floor is the client's and how much the server's.
/// </summary>
/// <remarks>
/// A process's processor time includes its thread pool's workers spinning while they wait for the next
/// network event, which grows with the time waited: compare the columns between contestants, not with
/// the time.
/// </remarks>
internal static class CpuSplit
{
    private const int Warmup = 200;
    private const int Rounds = 40;
    private const int PerTurn = 20;

    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{Warmup} operations each to warm up, then {Rounds} rounds of {PerTurn} operations per contestant, the order rotating every round; milliseconds per operation.")
            .AppendLine()
            .AppendLine("| Database | Contestant | Median ms | Client CPU ms | Server CPU ms |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var (name, database) in BenchmarkDatabase.Available())
        {
            IContestant[] contestants =
            [
                new AdoNetFloorContestant(database),
                new AdoNetFloorContestant(database, twoTransactions: true, throughEfCore: true, withReads: true),
                new VecticeContestant(database, pooled: false),
            ];
            try
            {
                await MeasureAsync(name, contestants, report);
            }
            finally
            {
                Array.ForEach(contestants, c => c.Dispose());
            }
        }

        return report.ToString();
    }

    private static async Task MeasureAsync(string database, IContestant[] contestants, StringBuilder report)
    {
        foreach (var contestant in contestants)
        {
            await contestant.WarmUpAsync(Warmup);
        }

        var samples = Array.ConvertAll(contestants, _ => new List<double>(Rounds * PerTurn));
        var client = new double[contestants.Length];
        var server = new double[contestants.Length];
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < Rounds; round++)
        {
            for (var turn = 0; turn < contestants.Length; turn++)
            {
                var index = (round + turn) % contestants.Length;
                var serverBefore = PostgresProcessorMilliseconds();
                process.Refresh();
                var clientBefore = process.TotalProcessorTime;
                await InterleavedRoundTrips.TimeAsync(contestants[index], samples[index], PerTurn);
                process.Refresh();
                client[index] += (process.TotalProcessorTime - clientBefore).TotalMilliseconds;
                server[index] += PostgresProcessorMilliseconds() - serverBefore;
            }
        }

        for (var i = 0; i < contestants.Length; i++)
        {
            var operations = samples[i].Count;
            var serverColumn = database.StartsWith("PostgreSQL", StringComparison.Ordinal) ? (server[i] / operations).ToString("F3", CultureInfo.InvariantCulture) : "(in process)";
            report.AppendLine(CultureInfo.InvariantCulture, $"| {database} | {contestants[i].Name} | {InterleavedRoundTrips.Percentile(samples[i], 0.5):F3} | {client[i] / operations:F3} | {serverColumn} |");
        }
    }

    /// <summary>The user and system time of every process named postgres on this machine, in milliseconds; 0 where /proc cannot tell.</summary>
    private static double PostgresProcessorMilliseconds()
    {
        const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux.
        long ticks = 0;
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(directory), out _) || !File.ReadAllText(Path.Combine(directory, "comm")).StartsWith("postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }

        return ticks * MillisecondsPerTick;
    }
}
