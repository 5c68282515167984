using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectice.Organization.ChangeFeeds;
using Xunit;

namespace Vectice.Organization.Testing;

/// <summary>
/// The store under test, shared by the tests of one suite: subclass it once per store and pass it
/// to each suite. Every scope it opens must see the same data (the same database); the suites
/// keep their tests apart with fresh organization ids, so the data need not be reset.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    /// <summary>
    /// Why the store cannot be tested here (for example: no server configured), or
    /// <see langword="null"/> to run. When set, every test of the suites is skipped with this
    /// reason; a fixture should refuse to skip on a CI machine, where a missing server is a failure.
    /// </summary>
    public virtual string? SkipReason => null;

    /// <summary>Opens a new independent scope on the store: its own store instance (and connection).</summary>
    /// <returns>The scope; the caller disposes it.</returns>
    public abstract StoreScope OpenScope();

    /// <summary>
    /// The change feed that tells another process of this store's commits, for
    /// <c>ChangeFeedSpecification</c>. By default the <see cref="PollingOrganizationChangeFeed"/>,
    /// polling every 20 ms; a store that pushes notifications returns its own feed.
    /// </summary>
    /// <param name="scopes">Opens scopes whose <see cref="Stores.IOrganizationStore"/> comes from <see cref="OpenScope"/>.</param>
    /// <param name="timeProvider">The clock of the process the feed runs in.</param>
    /// <returns>The feed.</returns>
    public virtual IOrganizationChangeFeed CreateChangeFeed(IServiceScopeFactory scopes, TimeProvider timeProvider) =>
        new PollingOrganizationChangeFeed(scopes, Options.Create(new VecticeOrganizationOptions { ChangeFeedPollInterval = TimeSpan.FromMilliseconds(20) }), timeProvider);

    /// <summary>
    /// How many writers of <paramref name="organizationId"/> in this process wait, in
    /// <see cref="Stores.IOrganizationStore.WriteAsync"/>, for the one that holds its write lock (a store whose one
    /// lock serves every organization, as SQLite's, may count every writer waiting for that lock); or
    /// <see langword="null"/>, the default, when the store cannot tell. <c>ConcurrencySpecification</c>'s tests
    /// that cancel or fail a waiting writer act once this counts it, and check that it counted none before the
    /// writer started and none once it has left; when the store cannot tell, they give the writer 100 ms to
    /// reach its wait, and on a busy machine may then test a writer that had not reached it yet.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <returns>The writers waiting, or <see langword="null"/>.</returns>
    public virtual int? WritersWaiting(OrganizationId organizationId) => null;

    /// <summary>Prepares the store (creates the database or schema) before the first test.</summary>
    /// <returns>A task.</returns>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Releases the store after the last test.</summary>
    /// <returns>A task.</returns>
    public virtual Task DisposeAsync() => Task.CompletedTask;
}
