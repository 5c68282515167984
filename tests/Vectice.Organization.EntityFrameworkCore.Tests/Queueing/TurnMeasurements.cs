using System.Diagnostics.Metrics;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// The store's turn measurements (docs/telemetry.md) recorded in the flow that created it (other tests record theirs in
/// parallel): waits, holds, and writes that joined a group's transaction; with <c>throwing</c>, its callbacks then throw,
/// as a faulty listener's would.
/// </summary>
internal sealed class TurnMeasurements : IDisposable
{
    private static readonly AsyncLocal<TurnMeasurements?> Flow = new();

    private readonly MeterListener _listener = new();
    private readonly List<double> _waits = [];
    private readonly List<double> _held = [];
    private int _joined;

    public TurnMeasurements(bool throwing = false)
    {
        Flow.Value = this;

        // Read before the listener starts: the first read makes the instruments, and instruments made while the
        // listener's start calls it back are never offered to it (the test then heard nothing when it ran first).
        var (wait, held, joined) = (StoreTelemetry.TurnWait, StoreTelemetry.TurnHeld, StoreTelemetry.TurnJoined);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument == wait || instrument == held || instrument == joined)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (Flow.Value == this)
            {
                lock (_waits)
                {
                    (instrument == wait ? _waits : _held).Add(value);
                }

                ThrowIf(throwing);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument == joined && Flow.Value == this)
            {
                Interlocked.Add(ref _joined, (int)value);
                ThrowIf(throwing);
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<double> Waits => Copy(_waits);

    public IReadOnlyList<double> Held => Copy(_held);

    public int Joined => Volatile.Read(ref _joined);

    public void Dispose() => _listener.Dispose();

    private static void ThrowIf(bool throwing)
    {
        if (throwing)
        {
            throw new InvalidOperationException("A listener's fault, which the store must survive.");
        }
    }

    // Under the one lock the callback takes, whichever list it fills.
    private List<double> Copy(List<double> values)
    {
        lock (_waits)
        {
            return [.. values];
        }
    }
}
