using System.Diagnostics.Metrics;

namespace Vectice.Organization.Contention;

/// <summary>
/// Counts the lost races the SDK reports on its meter, as a host's metrics pipeline would see them:
/// commits that lost a version race (<c>vectice.organization.conflicts</c>) and operations read,
/// decided and committed again after one (<c>vectice.organization.retries</c>); and sums how long the
/// EF Core store's writes waited for their organization's turn and held it
/// (<c>vectice.organization.write_turn.wait</c>, <c>.held</c>) and counts the writes that joined the transaction
/// another writer handed on (<c>.joined</c>, a group commit). The multi-process test's stress worker links this file
/// to count its retries and joined writes the same way.
/// </summary>
internal sealed class SdkRaceMeter : IDisposable
{
    private const string Meter = "Vectice.Organization";
    private const string ConflictsInstrument = "vectice.organization.conflicts";
    private const string RetriesInstrument = "vectice.organization.retries";
    private const string TurnWaitInstrument = "vectice.organization.write_turn.wait";
    private const string TurnHeldInstrument = "vectice.organization.write_turn.held";
    private const string TurnJoinedInstrument = "vectice.organization.write_turn.joined";

    private readonly MeterListener _listener = new();
    private long _conflicts;
    private long _retries;
    private long _joined;
    private long _turnWaitMicroseconds;
    private long _turnHeldMicroseconds;
    private long _turnsHeld;

    public SdkRaceMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Meter && instrument.Name is ConflictsInstrument or RetriesInstrument or TurnWaitInstrument or TurnHeldInstrument or TurnJoinedInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Interlocked.Add(
            ref instrument.Name == ConflictsInstrument ? ref _conflicts : ref instrument.Name == RetriesInstrument ? ref _retries : ref _joined, value));
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) =>
        {
            var held = instrument.Name == TurnHeldInstrument;
            Interlocked.Add(ref held ? ref _turnHeldMicroseconds : ref _turnWaitMicroseconds, (long)(seconds * 1e6));
            if (held)
            {
                Interlocked.Increment(ref _turnsHeld);
            }
        });
        _listener.Start();
    }

    public (long Conflicts, long Retries) Read() => (Interlocked.Read(ref _conflicts), Interlocked.Read(ref _retries));

    /// <summary>The store's writes so far that joined the transaction another writer handed on with the turn.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>The store's writes' waits for their organization's turn and holds of it so far, in milliseconds, and how many writes held it.</summary>
    public (double WaitMs, double HeldMs, long Holds) ReadTurns() =>
        (Interlocked.Read(ref _turnWaitMicroseconds) / 1e3, Interlocked.Read(ref _turnHeldMicroseconds) / 1e3, Interlocked.Read(ref _turnsHeld));

    public void Dispose() => _listener.Dispose();
}
