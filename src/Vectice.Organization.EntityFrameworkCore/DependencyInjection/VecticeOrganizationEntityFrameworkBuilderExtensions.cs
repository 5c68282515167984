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
    /// <remarks>
    /// It also configures <typeparamref name="TContext"/>'s options (<c>ConfigureDbContext</c>) with an
    /// interceptor that, on PostgreSQL, prepares the store's own commands (tagged
    /// <c>-- Vectice.Organization</c>), so that each is planned once per pooled connection. The host's
    /// commands are left alone.
    /// </remarks>
    /// <typeparam name="TContext">The host's context, or <see cref="OrganizationDbContext"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddVecticeOrganization</c>.</param>
    /// <returns>The builder.</returns>
    public static VecticeOrganizationBuilder AddEntityFrameworkStores<TContext>(this VecticeOrganizationBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Scoped<IOrganizationStore, EntityFrameworkOrganizationStore<TContext>>());

        // Singleton, so that it also serves a pooled context's options (AddDbContextPool), whichever is registered first.
        builder.Services.ConfigureDbContext<TContext>(StatementPreparation.AddTo, ServiceLifetime.Singleton);
        return builder;
    }
}
