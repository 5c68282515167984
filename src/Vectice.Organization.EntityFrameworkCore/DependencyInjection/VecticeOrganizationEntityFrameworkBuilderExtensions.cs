using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the Entity Framework Core stores.</summary>
public static class VecticeOrganizationEntityFrameworkBuilderExtensions
{
    /// <summary>
    /// Stores everything through <typeparamref name="TContext"/>, registered by the host (for example
    /// with <c>AddDbContext</c>), whose model includes the SDK's tables. The store is scoped, like the
    /// context. Replaces any store chosen before.
    /// </summary>
    /// <typeparam name="TContext">The host's context, or <see cref="OrganizationDbContext"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddVecticeOrganization</c>.</param>
    /// <returns>The builder.</returns>
    public static VecticeOrganizationBuilder AddEntityFrameworkStores<TContext>(this VecticeOrganizationBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Scoped<IOrganizationStore, EntityFrameworkOrganizationStore<TContext>>());
        return builder;
    }
}
