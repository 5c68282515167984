namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// Shortens the feed suite's safety timeout, so that a broken feed fails in seconds; tests that do
/// share this collection, which runs them one at a time.
/// </summary>
[CollectionDefinition(nameof(FeedProbeTimeout), DisableParallelization = true)]
public sealed class FeedProbeTimeout
{
    public static async Task<T> ShortenedAsync<T>(Func<Task<T>> run)
    {
        var saved = FeedProbe.SafetyTimeout;
        FeedProbe.SafetyTimeout = TimeSpan.FromSeconds(2);
        try
        {
            return await run();
        }
        finally
        {
            FeedProbe.SafetyTimeout = saved;
        }
    }
}
