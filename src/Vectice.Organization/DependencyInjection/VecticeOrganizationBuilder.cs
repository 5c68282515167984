using Microsoft.Extensions.DependencyInjection.Extensions;
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
}
