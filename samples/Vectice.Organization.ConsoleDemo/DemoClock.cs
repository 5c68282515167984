namespace Vectice.Organization.ConsoleDemo;

/// <summary>
/// The demo's clock: the real time, or a fixed start for the walk-through (so its output is the
/// same every run), plus whatever the walk-through advanced it by to show expiry.
/// </summary>
internal sealed class DemoClock(DateTimeOffset? start) : TimeProvider
{
    private TimeSpan _advanced;

    public override DateTimeOffset GetUtcNow() => (start ?? base.GetUtcNow()) + _advanced;

    public void Advance(TimeSpan by) => _advanced += by;
}
