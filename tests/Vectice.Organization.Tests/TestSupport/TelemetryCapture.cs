using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// Everything the SDK reports while it lives: the spans of the <c>Vectice.Organization</c> source, the
/// measurements of the counters tagged with an operation, and the log events of services built with
/// <see cref="Loggers"/>. Source and meter are process-wide: use it in the TelemetryTests collection only.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly FakeLogCollector _logs = new();

    public TelemetryCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Vectice.Organization",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        Loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
    }

    public ILoggerFactory Loggers { get; }

    public MetricCollector<long> Requests { get; } = Counter("vectice.organization.requests");

    public MetricCollector<long> Refusals { get; } = Counter("vectice.organization.refusals");

    public MetricCollector<long> Conflicts { get; } = Counter("vectice.organization.conflicts");

    public MetricCollector<long> Retries { get; } = Counter("vectice.organization.retries");

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<FakeLogRecord> Logs => _logs.GetSnapshot();

    /// <summary>The <c>vectice.operation</c> tag of each measurement of <paramref name="counter"/>, in order.</summary>
    public static IReadOnlyList<string?> Operations(MetricCollector<long> counter) =>
        [.. counter.GetMeasurementSnapshot().Select(m => m.Tags.TryGetValue("vectice.operation", out var operation) ? operation as string : null)];

    public void Dispose()
    {
        _listener.Dispose();
        Loggers.Dispose();
        Requests.Dispose();
        Refusals.Dispose();
        Conflicts.Dispose();
        Retries.Dispose();
    }

    private static MetricCollector<long> Counter(string name) => new(null, "Vectice.Organization", name);
}
