using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the stores behind the SDK's services; returned by <c>AddVecticeOrganization</c>.</summary>
public sealed class VecticeOrganizationBuilder
{
    internal VecticeOrganizationBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for store packages that extend this builder.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Uses the thread-safe in-memory store (the default): one instance per service provider,
    /// lost when the process ends. Replaces any store chosen before.
    /// </summary>
    /// <returns>This builder.</returns>
    public VecticeOrganizationBuilder AddInMemoryStores()
    {
        Services.Replace(ServiceDescriptor.Singleton<IOrganizationStore, InMemoryOrganizationStore>());
        return this;
    }

    /// <summary>
    /// Keeps <see cref="Vectice.Organization.OrganizationAccess"/> told of changes other processes
    /// commit by polling the store's versions (<see cref="PollingOrganizationChangeFeed"/>), for stores
    /// that cannot push notifications: SQLite, custom stores. Replaces any feed chosen before.
    /// </summary>
    /// <returns>This builder.</returns>
    public VecticeOrganizationBuilder AddPollingChangeFeed() => AddChangeFeed<PollingOrganizationChangeFeed>();

    /// <summary>
    /// Runs <typeparamref name="TFeed"/> (a singleton) into <see cref="Vectice.Organization.OrganizationAccess"/>
    /// in a hosted background service for as long as the host runs, dropping the whole cache and running
    /// the feed again (with back-off) whenever it stops. Replaces any feed chosen before.
    /// </summary>
    /// <typeparam name="TFeed">The feed.</typeparam>
    /// <returns>This builder.</returns>
    public VecticeOrganizationBuilder AddChangeFeed<TFeed>()
        where TFeed : class, IOrganizationChangeFeed
    {
        Services.Replace(ServiceDescriptor.Singleton<IOrganizationChangeFeed, TFeed>());
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OrganizationChangeFeedRunner>());
        return this;
    }
}
