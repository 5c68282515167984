using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// What SQLite spends compiling the commands of one request + confirm (<c>--statement-compile</c>):
/// Microsoft.Data.Sqlite compiles a command's statements when that command object first runs, and EF
/// Core (as the store) makes a new command object for every execution, so this is paid on every
/// operation, in the host's process. Each contestant runs one operation to warm up, then one whose commands are captured
/// (as <c>--round-trips</c> counts them); each command's text is then compiled again and again on a
/// connection to the contestant's own database, and the fastest of several rounds is kept.
/// </summary>
internal static class StatementCompile
{
    private const int Rounds = 7;
    private const int CompilesPerRound = 500;

    public static async Task<string> MeasureAsync()
    {
        var report = new StringBuilder(
            $"SQLite; each command compiled {CompilesPerRound} times in each of {Rounds} rounds (the fastest round kept), with `SqliteCommand.Prepare`; microseconds.\n\n" +
            "| Contestant | Commands per operation | Compiling them, µs per operation |\n|---|---:|---:|\n");
        var details = new StringBuilder();
        IEnumerable<Func<Func<string, BenchmarkDatabase>, IContestant>> contestants =
        [
            database => new AdoNetFloorContestant(database),
            database => new AdoNetFloorContestant(database, twoTransactions: true, withReads: true),
            database => new VecticeContestant(database, pooled: false, countRoundTrips: true),
            database => new IdentityContestant(database, pooled: false, countRoundTrips: true),
        ];
        foreach (var create in contestants)
        {
            BenchmarkDatabase? created = null;
            using var contestant = create(name => created = BenchmarkDatabase.Sqlite(name));
            await contestant.ToggleAsync();
            await contestant.ToggleAsync();
            var texts = contestant.LastCommandTexts.ToList();

            using var connection = created!.OpenConnection();
            var times = texts.Select(text => Compile(connection, text)).ToList();
            report.Append(CultureInfo.InvariantCulture, $"| {contestant.Name} | {texts.Count} | {times.Sum():F1} |\n");
            details.Append(CultureInfo.InvariantCulture, $"\n{contestant.Name}:\n\n| µs | Command |\n|---:|---|\n");
            for (var i = 0; i < texts.Count; i++)
            {
                details.Append(CultureInfo.InvariantCulture, $"| {times[i]:F1} | `{Summary(texts[i])}` |\n");
            }
        }

        return report.Append(details).ToString();
    }

    private static double Compile(DbConnection connection, string text)
    {
        var fastest = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < CompilesPerRound; i++)
            {
                using var command = connection.CreateCommand();
                command.CommandText = text;
                command.Prepare();
            }

            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(started).TotalMicroseconds / CompilesPerRound);
        }

        return fastest;
    }

    // The command's statements on one line, without the store's tag, cut to a readable length.
    private static string Summary(string text)
    {
        var statements = string.Join(' ', text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)));
        return (statements.Length > 110 ? statements[..110] + "…" : statements).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
    }
}
