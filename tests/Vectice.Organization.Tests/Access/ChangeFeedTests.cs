using Vectice.Organization.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Access;

/// <summary>
/// How a process hears of changes committed by another one: the feed's reports drop what they
/// revoke, its catch-ups keep entries usable past the staleness bound, and its silence does not.
/// </summary>
public sealed class ChangeFeedTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CountingStore _store = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimerWatchingClock _otherClock = new(); // the other process's clock, which its feed waits on
    private OrganizationUnderTest _org = null!;
    private AccessHost _confirming = null!;
    private AccessHost _other = null!;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _confirming?.Dispose();
        _other?.Dispose();
    }

    [Fact]
    public async Task A_demotion_committed_by_another_process_is_obeyed_once_the_polling_feed_has_polled_long_before_the_staleness_bound()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        var feed = await StartPollingAsync(_other);

        await _confirming.ChangeRoleAsync(Alan, OrgRole.Viewer);
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers)); // not polled yet: only the feed can tell it
        await PollAgainAsync(feed);

        Assert.False(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
    }

    [Fact]
    public async Task While_the_feed_catches_up_a_warm_entry_is_used_past_the_staleness_bound_and_once_it_is_silent_it_is_read_again()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromSeconds(1));
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        var reads = _store.SnapshotReads;
        var feed = await StartPollingAsync(_other);

        for (var i = 0; i < 12; i++)
        {
            await PollAgainAsync(feed);
            Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        }

        Assert.Equal(reads, _store.SnapshotReads); // 3 s on one read: every check was answered from the cache

        await _stop.CancelAsync();
        _otherClock.Advance(TimeSpan.FromSeconds(1) + Interval);
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        Assert.Equal(reads + 1, _store.SnapshotReads); // silent feed: read through, as without one
    }

    [Fact]
    public async Task A_report_at_the_version_already_cached_drops_nothing_and_one_at_a_newer_version_drops_the_organization()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        var cached = (await _other.Access.GetAccessAsync(Alan, Id))!.Version;
        var sink = (IOrganizationChangeSink)_other.Access;
        var reads = _store.SnapshotReads;

        sink.OnChanged(Id, cached);
        await _other.Access.GetAccessAsync(Alan, Id);
        Assert.Equal(reads, _store.SnapshotReads);

        sink.OnChanged(Id, cached + 1);
        await _other.Access.GetAccessAsync(Alan, Id);
        Assert.Equal(reads + 1, _store.SnapshotReads);
    }

    [Fact]
    public async Task A_fill_in_flight_when_the_feed_reports_a_newer_version_is_not_kept()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        var (readDone, release) = _store.HoldNextRead();
        var slowCheck = _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers).AsTask();
        await readDone;

        await _confirming.ChangeRoleAsync(Alan, OrgRole.Viewer);
        var version = (await _store.FindVersionsAsync([Id], default))[Id];
        ((IOrganizationChangeSink)_other.Access).OnChanged(Id, version);
        release.SetResult();

        Assert.True(await slowCheck); // answered from what it read before the demotion
        Assert.False(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers)); // but not kept
    }

    [Fact]
    public async Task A_fill_in_flight_when_the_feed_reports_the_version_it_read_is_kept()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        var version = (await _store.FindVersionsAsync([Id], default))[Id];
        var (readDone, release) = _store.HoldNextRead();
        var slowCheck = _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers).AsTask();
        await readDone;

        // A polling feed reports every organization it watches on every poll, changed or not.
        ((IOrganizationChangeSink)_other.Access).OnChanged(Id, version);
        release.SetResult();
        Assert.True(await slowCheck);
        var reads = _store.SnapshotReads;

        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        Assert.Equal(reads, _store.SnapshotReads);
    }

    [Fact]
    public async Task A_report_that_the_organization_was_not_found_drops_the_fill_in_flight_but_not_later_ones()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        var (readDone, release) = _store.HoldNextRead();
        var slowCheck = _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers).AsTask();
        await readDone;

        // What the polling feed reports for an organization its store's versions left out.
        ((IOrganizationChangeSink)_other.Access).OnChanged(Id, long.MaxValue);
        release.SetResult();
        Assert.True(await slowCheck);
        var reads = _store.SnapshotReads;
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        Assert.Equal(reads + 1, _store.SnapshotReads);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        }

        Assert.Equal(reads + 1, _store.SnapshotReads);
    }

    [Fact]
    public async Task A_catch_up_stamped_in_the_future_counts_as_now()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromSeconds(1));
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        var reads = _store.SnapshotReads;

        ((IOrganizationChangeSink)_other.Access).OnCaughtUp(_otherClock.GetTimestamp() + (3600 * _otherClock.TimestampFrequency));
        _otherClock.Advance(TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1));
        await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers);

        Assert.Equal(reads + 1, _store.SnapshotReads);
    }

    [Fact]
    public async Task A_gap_drops_every_cached_entry()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        await _confirming.ChangeRoleAsync(Alan, OrgRole.Viewer);
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        ((IOrganizationChangeSink)_other.Access).OnGap();

        Assert.False(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
    }

    [Fact]
    public async Task Polling_reports_an_organization_that_no_longer_exists_so_nothing_is_kept_for_it()
    {
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1));
        var recorded = new List<(OrganizationId, long)>();
        var sink = new RecordingSink([Id, new OrganizationId("gone")], recorded);

        using var stop = new CancellationTokenSource();
        var run = Polling(_other).RunAsync(sink, stop.Token);
        await sink.CaughtUp.Task;
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var version = (await _store.FindVersionsAsync([Id], default))[Id];
        Assert.Equal([(Id, version), (new OrganizationId("gone"), long.MaxValue)], recorded);
    }

    [Fact]
    public async Task The_runner_drops_the_cache_before_every_run_runs_a_failed_feed_again_and_stops_with_the_host()
    {
        var feed = new FailingFeed(failures: 2);
        await SeedAsync(maxStaleness: TimeSpan.FromMinutes(1), b => b.AddChangeFeed<FailingFeed>().Services.Replace(ServiceDescriptor.Singleton<IOrganizationChangeFeed>(feed)));
        var clock = _otherClock;
        var runner = Assert.Single(_other.Services.GetServices<IHostedService>());
        Assert.True(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        await _confirming.ChangeRoleAsync(Alan, OrgRole.Viewer);

        await runner.StartAsync(default);
        await feed.Started[0].Task;
        Assert.False(await _other.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers)); // dropped before the first run

        await clock.TimerCreated.WaitAsync();
        clock.Advance(TimeSpan.FromMilliseconds(100)); // first back-off
        await feed.Started[1].Task;
        await clock.TimerCreated.WaitAsync();
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(feed.Started[2].Task.IsCompleted); // the second back-off is twice as long
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await feed.Started[2].Task;

        await runner.StopAsync(default);
        Assert.True(feed.Cancelled);
        Assert.True(((BackgroundService)runner).ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_poll_interval_that_is_not_positive_is_refused_when_the_feed_is_built()
    {
        var services = new ServiceCollection();
        services.AddVecticeOrganization(o => o.ChangeFeedPollInterval = TimeSpan.Zero).AddPollingChangeFeed();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IOrganizationChangeFeed>);
        Assert.Contains(nameof(VecticeOrganizationOptions.ChangeFeedPollInterval), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_a_feed_twice_keeps_the_last_and_one_runner()
    {
        var services = new ServiceCollection();
        services.AddVecticeOrganization().AddChangeFeed<FailingFeed>().AddPollingChangeFeed();
        services.AddVecticeOrganization().AddPollingChangeFeed();

        Assert.Equal(typeof(PollingOrganizationChangeFeed), Assert.Single(services, d => d.ServiceType == typeof(IOrganizationChangeFeed)).ImplementationType);
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    private static PollingOrganizationChangeFeed Polling(AccessHost host) => host.Services.GetRequiredService<IOrganizationChangeFeed>() as PollingOrganizationChangeFeed
        ?? throw new InvalidOperationException("The host has no polling feed.");

    /// <summary>Runs the polling feed into the host's access check until the test ends; returns once it has polled.</summary>
    private async Task<CatchUpProbe> StartPollingAsync(AccessHost host)
    {
        var probe = new CatchUpProbe(host.Access);
        var first = probe.NextCatchUp();
        _ = Polling(host).RunAsync(probe, _stop.Token);
        await first;
        return probe;
    }

    /// <summary>Waits until the feed waits for its interval, then lets the interval pass and waits for the poll.</summary>
    private async Task PollAgainAsync(CatchUpProbe feed)
    {
        await _otherClock.TimerCreated.WaitAsync();
        var polled = feed.NextCatchUp();
        _otherClock.Advance(Interval);
        await polled;
    }

    private async Task SeedAsync(TimeSpan maxStaleness, Action<VecticeOrganizationBuilder>? build = null)
    {
        _org = await Acme.SeedAsync(_store);
        void Configure(VecticeOrganizationOptions o)
        {
            o.AccessMaxStaleness = maxStaleness;
            o.ChangeFeedPollInterval = Interval;
        }

        _confirming = new AccessHost(_store, _org.Clock, Configure);
        _other = new AccessHost(_store, _otherClock, Configure, build ?? (b => b.AddPollingChangeFeed()));
    }

    /// <summary>A fake clock that tells when a timer is created: a back-off has begun and can be advanced past.</summary>
    private sealed class TimerWatchingClock : FakeTimeProvider
    {
        public TimerWatchingClock()
            : base(OrganizationUnderTest.Start)
        {
        }

        public SemaphoreSlim TimerCreated { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.Release();
            return timer;
        }
    }

    /// <summary>Fails its first runs, then runs until cancelled.</summary>
    private sealed class FailingFeed(int failures = 0) : IOrganizationChangeFeed
    {
        private int _runs;

        public TaskCompletionSource[] Started { get; } = [new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)];

        public bool Cancelled { get; private set; }

        public async Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
        {
            var run = _runs++;
            Started[run].SetResult();
            if (run < failures)
            {
                throw new InvalidOperationException($"Run {run} lost its source.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
        }
    }

    private sealed class RecordingSink(IReadOnlyCollection<OrganizationId> watched, List<(OrganizationId, long)> changes) : IOrganizationChangeSink
    {
        public TaskCompletionSource CaughtUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<OrganizationId> GetWatchedOrganizations() => watched;

        public void OnChanged(OrganizationId organizationId, long version) => changes.Add((organizationId, version));

        public void OnGap() => throw new InvalidOperationException("A polling feed never reports a gap itself.");

        public void OnCaughtUp(long timestamp) => CaughtUp.TrySetResult();
    }
}
