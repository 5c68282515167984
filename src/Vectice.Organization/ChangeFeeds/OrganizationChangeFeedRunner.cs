using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vectice.Organization.ChangeFeeds;

/// <summary>
/// Runs the registered <see cref="IOrganizationChangeFeed"/> into <see cref="OrganizationAccess"/> for
/// as long as the host runs. Before every run the whole cache is dropped, since changes made while
/// the feed was not running were not reported; a feed that stops or fails runs again after a
/// back-off that doubles from 100 ms to 5 s, and falls back to 100 ms once a run has caught up.
/// </summary>
internal sealed class OrganizationChangeFeedRunner(
    IOrganizationChangeFeed feed, OrganizationAccess access, TimeProvider time, ILogger<OrganizationChangeFeedRunner> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (true)
        {
            var run = new RunSink(access);
            run.OnGap();
            Exception? failure = null;
            try
            {
                await feed.RunAsync(run, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the feed is retried: the checks fail safe meanwhile.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            // Changes may be missed from now until the next run begins.
            run.OnGap();
            retry = run.CaughtUp ? FirstRetry : retry;
            Log.ChangeFeedStopped(logger, feed.GetType().Name, retry, failure);
            try
            {
                await Task.Delay(retry, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    /// <summary>The process's sink, noting whether this run caught up at least once.</summary>
    private sealed class RunSink(IOrganizationChangeSink inner) : IOrganizationChangeSink
    {
        private volatile bool _caughtUp;

        public bool CaughtUp => _caughtUp;

        public IReadOnlyCollection<OrganizationId> GetWatchedOrganizations() => inner.GetWatchedOrganizations();

        public void OnChanged(OrganizationId organizationId, long version) => inner.OnChanged(organizationId, version);

        public void OnGap() => inner.OnGap();

        public void OnCaughtUp(long timestamp)
        {
            inner.OnCaughtUp(timestamp);
            _caughtUp = true;
        }
    }
}
