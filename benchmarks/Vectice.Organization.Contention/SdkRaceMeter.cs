using System.Diagnostics.Metrics;

namespace Vectice.Organization.Contention;

/// <summary>
/// Counts the lost races the SDK reports on its meter, as a host's metrics pipeline would see them:
/// commits that lost a version race (<c>vectice.organization.conflicts</c>) and operations read,
/// decided and committed again after one (<c>vectice.organization.retries</c>). The multi-process
/// test's stress worker links this file to count its retries the same way.
/// </summary>
internal sealed class SdkRaceMeter : IDisposable
{
    private const string Meter = "Vectice.Organization";
    private const string ConflictsInstrument = "vectice.organization.conflicts";
    private const string RetriesInstrument = "vectice.organization.retries";

    private readonly MeterListener _listener = new();
    private long _conflicts;
    private long _retries;

    public SdkRaceMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Meter && instrument.Name is ConflictsInstrument or RetriesInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == ConflictsInstrument ? ref _conflicts : ref _retries, value));
        _listener.Start();
    }

    public (long Conflicts, long Retries) Read() => (Interlocked.Read(ref _conflicts), Interlocked.Read(ref _retries));

    public void Dispose() => _listener.Dispose();
}
