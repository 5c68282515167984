using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.ChangeFeeds;

namespace Vectice.Organization.Testing.Tests;

/// <summary>The feed suite fails a feed that catches up without reporting changes, and passes the polling feed.</summary>
[Collection(nameof(FeedProbeTimeout))]
public sealed class BrokenFeedTests
{
    [Fact]
    public async Task The_feed_suite_catches_a_feed_that_never_reports_a_change()
    {
        var outcomes = await FeedProbeTimeout.ShortenedAsync(() => KitRunner.RunAsync<DeafFeedFixture>(typeof(DeafFeed)));

        Assert.All(
            outcomes.Where(o => o.Key != nameof(DeafFeed.The_store_runs_every_suite_of_the_kit)),
            outcome => Assert.IsType<TimeoutException>(outcome.Value));
        Assert.True(outcomes.Count >= 7);
    }

    [Fact]
    public async Task The_polling_feed_passes_it_over_a_store_of_the_kits_own()
    {
        // The usual safety net: only the deaf feed needs a short one.
        var outcomes = await KitRunner.RunAsync<BrokenStoreTests.InMemoryFixture>(typeof(SoundFeed));

        Assert.All(outcomes, outcome => Assert.True(outcome.Value is null, $"{outcome.Key}: {outcome.Value}"));
        Assert.True(outcomes.Count >= 7);
    }

    internal sealed class DeafFeedFixture : StoreFixture
    {
        private readonly InMemory.InMemoryOrganizationStore _store = new();

        public override StoreScope OpenScope() => new(_store);

        public override IOrganizationChangeFeed CreateChangeFeed(IServiceScopeFactory scopes, TimeProvider timeProvider) =>
            new DeafFeed(base.CreateChangeFeed(scopes, timeProvider));

        /// <summary>Polls, and drops every change it should report.</summary>
        private sealed class DeafFeed(IOrganizationChangeFeed inner) : IOrganizationChangeFeed
        {
            public Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken) => inner.RunAsync(new Deaf(sink), cancellationToken);

            private sealed class Deaf(IOrganizationChangeSink sink) : IOrganizationChangeSink
            {
                public IReadOnlyCollection<OrganizationId> GetWatchedOrganizations() => sink.GetWatchedOrganizations();

                public void OnChanged(OrganizationId organizationId, long version)
                {
                }

                public void OnGap() => sink.OnGap();

                public void OnCaughtUp(long timestamp) => sink.OnCaughtUp(timestamp);
            }
        }
    }

    // Not public, so that xunit does not run them itself: the tests above run them.
    internal sealed class DeafFeed(DeafFeedFixture fixture) : ChangeFeedSpecification<DeafFeedFixture>(fixture);

    internal sealed class SoundFeed(BrokenStoreTests.InMemoryFixture fixture) : ChangeFeedSpecification<BrokenStoreTests.InMemoryFixture>(fixture);
}
