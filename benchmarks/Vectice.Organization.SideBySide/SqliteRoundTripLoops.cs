using System.Diagnostics;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// The request + confirm on SQLite (<see cref="SqliteRoundTrip"/>), as loops this program loads once per build
/// (<see cref="BuildContext"/>): each copy's database, and its calls into the SDK, are its build's.
/// </summary>
internal static class SqliteRoundTripLoops
{
    private static SqliteRoundTrip? s_roundTrip;

    public static (double Nanoseconds, double Bytes) Run(int operations)
    {
        var roundTrip = s_roundTrip ??= new SqliteRoundTrip();
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

    public static void Dispose() => s_roundTrip?.Dispose();
}
