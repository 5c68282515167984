using System.Diagnostics.Metrics;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The Entity Framework Core store's metrics, on the SDK's meter name (<c>Vectice.Organization</c>), so
/// that a listener of the SDK's metrics hears them too (docs/telemetry.md lists them).
/// </summary>
internal static class StoreTelemetry
{
    public static readonly Meter Meter = new("Vectice.Organization");

    /// <summary>Recorded only while a listener is attached to it, so that no write reads the clock for nothing.</summary>
    public static readonly Histogram<double> TurnWait = Meter.CreateHistogram<double>(
        "vectice.organization.write_turn.wait", "s", "How long a write of the store's own waited in this process for its organization's turn (on SQLite, its database's).");

    /// <summary>
    /// Records <paramref name="value"/>, whatever a listener's callback throws: a record sits between a writer's turn and
    /// its release (or a group's hand-on), which a throw there would leave undone, and every later writer waiting.
    /// </summary>
    public static void Record(Histogram<double> histogram, double value) => Measure(histogram, value, static (h, v) => h.Record(v));

    /// <summary>
    /// Adds one, whatever a listener's callback throws: a count sits between a writer's savepoint and its write, which a
    /// throw there would fail, and with it the group, for a listener's fault.
    /// </summary>
    public static void Count(Counter<long> counter) => Measure(counter, 1L, static (c, v) => c.Add(v));

    // The lambdas above are static, so cached: no allocation per measurement.
    private static void Measure<TInstrument, TValue>(TInstrument instrument, TValue value, Action<TInstrument, TValue> measure)
    {
        try
        {
            measure(instrument, value);
        }
#pragma warning disable CA1031 // A listener's failure is its own; the writers' bookkeeping must go on.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Recorded only while a listener is attached to it.</summary>
    public static readonly Histogram<double> TurnHeld = Meter.CreateHistogram<double>(
        "vectice.organization.write_turn.held", "s", "How long a write of the store's own held its organization's turn, from getting it to leaving it: opening the connection, lock waits, the transaction with its COMMIT (unless it handed the transaction on to the next writer), closing.");

    /// <summary>Counted whether a listener is attached or not: adding without one costs next to nothing.</summary>
    public static readonly Counter<long> TurnJoined = Meter.CreateCounter<long>(
        "vectice.organization.write_turn.joined", "{write}", "Writes of the store's own that ran in the transaction the writer before them handed on with the turn (a group commit), whether they then committed in it or not.");
}
