using Microsoft.Extensions.DependencyInjection.Extensions;
using Vectice.Organization;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Vectice.Organization in a service collection.</summary>
public static class VecticeOrganizationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RoleChangeService"/>, <see cref="ProvisioningService"/>,
    /// <see cref="OrganizationSettingsService"/> and <see cref="OrganizationDirectory"/> (scoped),
    /// <see cref="OrganizationAccess"/> (a singleton, also an observer of every commit),
    /// <see cref="TimeProvider.System"/> unless a clock is registered, and the in-memory store unless a
    /// store is registered. Safe to call
    /// more than once: services already registered are kept, options configurations add up.
    /// Options are validated when a service is first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns>A builder to choose the stores.</returns>
    public static VecticeOrganizationBuilder AddVecticeOrganization(
        this IServiceCollection services, Action<VecticeOrganizationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOrganizationStore, InMemoryOrganizationStore>();
        services.TryAddScoped<RoleChangeService>();
        services.TryAddScoped<ProvisioningService>();
        services.TryAddScoped<OrganizationDirectory>();
        services.TryAddScoped<OrganizationSettingsService>();
        services.TryAddSingleton<OrganizationAccess>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMembershipChangeObserver, OrganizationAccess>(
            provider => provider.GetRequiredService<OrganizationAccess>()));
        return new VecticeOrganizationBuilder(services);
    }
}
