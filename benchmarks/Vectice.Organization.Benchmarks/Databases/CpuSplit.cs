using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// Whose processor time a request + confirm takes (<c>--cpu-split</c>): the floor, the EF Core floor of
/// the design with its reads and the SDK, each with <c>AddDbContext</c>, in interleaved turns; per
/// operation, the median time, this process's processor time and, when PostgreSQL runs on this machine,
/// its server processes' (each process's on-CPU time from <c>/proc/PID/schedstat</c>, in nanoseconds,
/// before and after each turn, over the processes there both times), and the bytes this process
/// allocates (every thread's). It tells how much of the SDK's time beyond the EF Core floor is the
/// client's and how much the server's.
/// </summary>
/// <remarks>
/// A process's processor time includes its runtime's own threads (the garbage collector's, and the
/// thread pool's workers spinning while they wait for the next network event unless
/// <c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0</c>): compare the columns between contestants, not
/// with the time. The server's column counts every process named postgres that this process can see, so
/// nothing else may run one meanwhile.
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
            .AppendLine("| Database | Contestant | Median ms | Client CPU ms | Server CPU ms | Allocated KiB |")
            .AppendLine("|---|---|---:|---:|---:|---:|");
        var settling = new StringBuilder();
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
                await MeasureAsync(name, contestants, report, settling);
            }
            finally
            {
                Array.ForEach(contestants, c => c.Dispose());
            }
        }

        return report.AppendLine().Append(settling).ToString();
    }

    private static async Task MeasureAsync(string database, IContestant[] contestants, StringBuilder report, StringBuilder settling)
    {
        var client = new double[contestants.Length];
        var server = new double[contestants.Length];
        var allocated = new long[contestants.Length];
        var serverSeen = false;
        using var process = Process.GetCurrentProcess();
        var (samples, settled) = await InterleavedRoundTrips.RunAsync(contestants, Warmup, Rounds, PerTurn, async (index, turn) =>
        {
            var serverBefore = PostgresOnCpu();
            process.Refresh();
            var clientBefore = process.TotalProcessorTime;
            var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            await turn();
            allocated[index] += GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
            process.Refresh();
            client[index] += (process.TotalProcessorTime - clientBefore).TotalMilliseconds;
            var serverAfter = PostgresOnCpu();
            foreach (var (pid, nanoseconds) in serverAfter)
            {
                if (serverBefore.TryGetValue(pid, out var before))
                {
                    server[index] += (nanoseconds - before) / 1e6;
                    serverSeen = true;
                }
            }
        });

        settling.AppendLine(CultureInfo.InvariantCulture, $"- {database}: {settled.Describe()}");
        var isPostgres = database.StartsWith("PostgreSQL", StringComparison.Ordinal);
        for (var i = 0; i < contestants.Length; i++)
        {
            var operations = samples[i].Count;
            var serverColumn = !isPostgres ? "(in process)" : serverSeen ? (server[i] / operations).ToString("F3", CultureInfo.InvariantCulture) : "(not visible from this process)";
            report.AppendLine(CultureInfo.InvariantCulture, $"| {database} | {contestants[i].Name} | {InterleavedRoundTrips.Percentile(samples[i], 0.5):F3} | {client[i] / operations:F3} | {serverColumn} | {allocated[i] / operations / 1024.0:F1} |");
        }
    }

    /// <summary>The on-CPU nanoseconds of each process named postgres on this machine, by process id; none where /proc cannot tell.</summary>
    private static Dictionary<int, long> PostgresOnCpu()
    {
        var onCpu = new Dictionary<int, long>();
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd() != "postgres")
                {
                    continue;
                }

                // The first field: time spent on a CPU, in nanoseconds.
                var schedstat = File.ReadAllText(Path.Combine(directory, "schedstat"));
                onCpu[pid] = long.Parse(schedstat.AsSpan(0, schedstat.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // The process ended while it was read, or this kernel does not keep the figure.
            }
        }

        return onCpu;
    }
}
