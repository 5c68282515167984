namespace Vectice.Organization;

/// <summary>
/// The clock of the access check, in its own units. On the system clock, with a bound of 100 ms or
/// more, it reads <see cref="Environment.TickCount64"/>, a coarse millisecond clock that costs a
/// fraction of a high-resolution read on every check, and shortens the bound by that clock's
/// granularity, so that no entry is used past the bound. Any other clock (a test's) is read as is.
/// </summary>
internal sealed class AccessClock
{
    private static readonly TimeSpan CoarseGranularity = TimeSpan.FromMilliseconds(16);
    private readonly TimeProvider _time;
    private readonly bool _coarse;

    public AccessClock(TimeProvider time, TimeSpan maxStaleness)
    {
        _time = time;
        _coarse = ReferenceEquals(time, TimeProvider.System) && maxStaleness >= TimeSpan.FromMilliseconds(100);
        Bound = _coarse
            ? (long)(maxStaleness - CoarseGranularity).TotalMilliseconds
            : (long)(maxStaleness.Ticks * (time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
    }

    /// <summary>The staleness bound, in this clock's units.</summary>
    public long Bound { get; }

    /// <summary>Now, in this clock's units.</summary>
    public long Now() => _coarse ? Environment.TickCount64 : _time.GetTimestamp();

    /// <summary>
    /// A <see cref="TimeProvider.GetTimestamp"/> of the clock given at construction, in this clock's
    /// units, rounded to the earlier side.
    /// </summary>
    public long FromTimestamp(long timestamp) =>
        _coarse ? Environment.TickCount64 - (long)Math.Ceiling(_time.GetElapsedTime(timestamp).TotalMilliseconds) : timestamp;
}
