using Vectice.Organization.ChangeFeeds;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>
/// Wraps the host's feed to tell a test which run of it is going, and when a run has caught up on
/// everything committed since a given moment: waits bounded by what the feed does, not by time.
/// </summary>
internal sealed class ProbedFeed(IOrganizationChangeFeed inner) : IOrganizationChangeFeed
{
    private readonly Lock _gate = new();
    private readonly List<(int Run, long SentAt, TaskCompletionSource Done)> _waiters = [];
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        return inner.RunAsync(new Probe(this, sink, run), cancellationToken);
    }

    /// <summary>
    /// Completes once run <paramref name="minRun"/> or a later one has caught up on everything
    /// committed before <paramref name="since"/> (a <see cref="TimeProvider.System"/> timestamp).
    /// </summary>
    public Task CaughtUpAsync(long since, int minRun)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((minRun, since, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromMinutes(1)); // only a safety net
    }

    private void CaughtUp(int run, long timestamp)
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => run >= w.Run && timestamp >= w.SentAt).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.SetResult();
            }
        }
    }

    private sealed class Probe(ProbedFeed feed, IOrganizationChangeSink sink, int run) : IOrganizationChangeSink
    {
        public IReadOnlyCollection<OrganizationId> GetWatchedOrganizations() => sink.GetWatchedOrganizations();

        public void OnChanged(OrganizationId organizationId, long version) => sink.OnChanged(organizationId, version);

        public void OnGap() => sink.OnGap();

        public void OnCaughtUp(long timestamp)
        {
            sink.OnCaughtUp(timestamp);
            feed.CaughtUp(run, timestamp);
        }
    }
}
