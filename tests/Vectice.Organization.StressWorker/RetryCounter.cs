using Microsoft.Extensions.Logging;

namespace Vectice.Organization.StressWorker;

/// <summary>Counts the SDK's ConflictRetried log events (event id 5).</summary>
internal sealed class RetryCounter<TService>(Tally tally) : ILogger<TService>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == 5)
        {
            tally.ConflictRetries++;
        }
    }
}
