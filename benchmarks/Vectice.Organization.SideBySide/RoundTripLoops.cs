using System.Diagnostics;
using Vectice.Organization.Benchmarks.InMemory;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// The round trip of the in-memory benchmarks (<see cref="RoundTrip"/>), and the ones on SQLite and PostgreSQL
/// (<see cref="StoreRoundTrip"/>), as loops this program loads once per build (<see cref="BuildContext"/>):
/// each copy's statics, its database included, and its calls into the SDK, are its build's.
/// </summary>
internal static class RoundTripLoops
{
    private static RoundTrip? s_longHistory;
    private static StoreRoundTrip? s_sqlite;
    private static StoreRoundTrip? s_postgreSql;

    // Each copy of this program has its own types: only the runtime's own cross from one copy to the other.
    public static (double Nanoseconds, double Bytes) Young(int operations) => Time(new RoundTrip(), operations);

    public static (double Nanoseconds, double Bytes) OnLongHistory(int operations) => Time(s_longHistory ??= new RoundTrip(), operations);

    public static (double Nanoseconds, double Bytes) OnSqlite(int operations) => Time(s_sqlite ??= StoreRoundTrip.Sqlite(), operations);

    public static (double Nanoseconds, double Bytes) OnPostgreSql(int operations) => Time(s_postgreSql ??= StoreRoundTrip.PostgreSql(), operations);

    public static void DisposeStores()
    {
        s_sqlite?.Dispose();
        s_postgreSql?.Dispose();
    }

    private static (double Nanoseconds, double Bytes) Time(StoreRoundTrip roundTrip, int operations)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < operations; i++)
        {
            // One operation at a time, as a contestant of the benchmarks runs them.
            roundTrip.ToggleAsync().GetAwaiter().GetResult();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalNanoseconds / operations, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)operations);
    }

    private static (double Nanoseconds, double Bytes) Time(RoundTrip roundTrip, int operations)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < operations; i++)
        {
            // The in-memory store completes at once: nothing to await.
            var roundTripped = roundTrip.RequestThenConfirmAsync();
            if (!roundTripped.IsCompletedSuccessfully || !roundTripped.Result)
            {
                throw new InvalidOperationException("The round trip did not complete at once, or its confirm was refused.");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalNanoseconds / operations, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)operations);
    }
}
