using System.Collections.Concurrent;
using Vectice.Organization.ChangeFeeds;

namespace Vectice.Organization.Testing;

/// <summary>
/// Passes a feed's reports to the watching process's access check, and lets a test wait, bounded by
/// what the feed reports rather than by time, until a version has been heard and caught up on.
/// </summary>
internal sealed class FeedProbe(IOrganizationChangeSink inner) : IOrganizationChangeSink
{
    /// <summary>Only a safety net: the feeds under test report within milliseconds. The kit's own tests shorten it to fail a broken feed quickly.</summary>
    internal static TimeSpan SafetyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<OrganizationId, long> _heard = new();
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _catchUps;

    public IReadOnlyCollection<OrganizationId> GetWatchedOrganizations() => inner.GetWatchedOrganizations();

    public void OnChanged(OrganizationId organizationId, long version)
    {
        inner.OnChanged(organizationId, version);
        _heard.AddOrUpdate(organizationId, version, (_, heard) => Math.Max(heard, version));
        Pulse();
    }

    public void OnGap()
    {
        inner.OnGap();
        Pulse();
    }

    public void OnCaughtUp(long timestamp)
    {
        inner.OnCaughtUp(timestamp);
        Interlocked.Increment(ref _catchUps);
        Pulse();
    }

    /// <summary>Waits for the feed's next catch-up: it is running and hears every commit from now on.</summary>
    public Task CaughtUpAsync()
    {
        var seen = Interlocked.Read(ref _catchUps);
        return UntilAsync(() => Interlocked.Read(ref _catchUps) > seen, "a catch-up");
    }

    /// <summary>Waits until <paramref name="organizationId"/> was reported at <paramref name="version"/> or later, and a catch-up followed.</summary>
    public async Task HeardAsync(OrganizationId organizationId, long version)
    {
        await UntilAsync(() => _heard.TryGetValue(organizationId, out var heard) && heard >= version, $"organization '{organizationId}' at version {version}").ConfigureAwait(false);
        await CaughtUpAsync().ConfigureAwait(false);
    }

    private void Pulse() => Interlocked.Exchange(ref _pulse, new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();

    private async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var pulse = Volatile.Read(ref _pulse).Task;
            if (condition())
            {
                return;
            }

            var left = SafetyTimeout - waited.Elapsed;
            try
            {
                await pulse.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The change feed did not report {what} within {SafetyTimeout.TotalSeconds} s.");
            }
        }
    }
}
