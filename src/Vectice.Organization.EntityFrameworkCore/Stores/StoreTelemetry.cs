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

    /// <summary>Recorded only while a listener is attached to it.</summary>
    public static readonly Histogram<double> TurnHeld = Meter.CreateHistogram<double>(
        "vectice.organization.write_turn.held", "s", "How long a write of the store's own held its organization's turn, from getting it to leaving it: opening the connection, lock waits, the transaction with its COMMIT (unless it handed the transaction on to the next writer), closing.");
}
