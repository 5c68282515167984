using Microsoft.Extensions.Logging;

namespace Vectice.Organization.Contention;

/// <summary>Counts the SDK's ConflictRetried events (event id 5), shared by all confirmers of a run.</summary>
internal sealed class RetryCounter : ILogger<RoleChangeService>
{
    private int _retries;

    public int Retries => Volatile.Read(ref _retries);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == 5)
        {
            Interlocked.Increment(ref _retries);
        }
    }
}
