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
    /// context. Replaces any store chosen before. On PostgreSQL the store's own statements are prepared
    /// (see <see cref="AddEntityFrameworkStores{TContext}(VecticeOrganizationBuilder, bool)"/>).
    /// </summary>
    /// <typeparam name="TContext">The host's context, or <see cref="OrganizationDbContext"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddVecticeOrganization</c>.</param>
    /// <returns>The builder.</returns>
    public static VecticeOrganizationBuilder AddEntityFrameworkStores<TContext>(this VecticeOrganizationBuilder builder)
        where TContext : DbContext => builder.AddEntityFrameworkStores<TContext>(prepareStatements: true);

    /// <summary>
    /// Stores everything through <typeparamref name="TContext"/>, as
    /// <see cref="AddEntityFrameworkStores{TContext}(VecticeOrganizationBuilder)"/> does, choosing whether
    /// the store's statements are prepared on PostgreSQL.
    /// </summary>
    /// <remarks>
    /// With <paramref name="prepareStatements"/>, <typeparamref name="TContext"/>'s options on Npgsql
    /// (<c>ConfigureDbContext</c>, whether the context is registered with <c>AddDbContext</c>,
    /// <c>AddDbContextPool</c> or a factory, before or after) get an interceptor that prepares the store's
    /// own commands (tagged <c>-- Vectice.Organization</c>), so that each is planned once per pooled
    /// connection; the host's commands are left alone, as is a multiplexed connection, and other providers'
    /// options are left as they are. Turn it off behind a pooler that cannot keep prepared statements
    /// (PgBouncer in transaction mode before 1.21, or with <c>max_prepared_statements = 0</c>).
    /// Whatever <paramref name="prepareStatements"/> says, when a transaction the host began commits through
    /// EF Core, this process's <see cref="Vectice.Organization.OrganizationAccess"/> entries for the
    /// organizations the store wrote in it are dropped, as a check made before the host's commit may have
    /// cached them as they were before (heard through EF Core's diagnostic events, not the context's options;
    /// for a context whose options come from the service provider).
    /// </remarks>
    /// <typeparam name="TContext">The host's context, or <see cref="OrganizationDbContext"/>.</typeparam>
    /// <param name="builder">The builder returned by <c>AddVecticeOrganization</c>.</param>
    /// <param name="prepareStatements">Whether to prepare the store's statements on PostgreSQL.</param>
    /// <returns>The builder.</returns>
    public static VecticeOrganizationBuilder AddEntityFrameworkStores<TContext>(this VecticeOrganizationBuilder builder, bool prepareStatements)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Scoped<IOrganizationStore, EntityFrameworkOrganizationStore<TContext>>());
        builder.Services.TryAddSingleton<HostTransactionCommits>();
        if (prepareStatements)
        {
            // Singleton, so that it also serves a pooled context's options (AddDbContextPool), whichever is registered first.
            builder.Services.ConfigureDbContext<TContext>(
                (_, options) =>
                {
                    // Only where it prepares: adding it copies the options, which AddDbContext builds for every scope.
                    if (StatementPreparation.IsWanted(options))
                    {
                        options.AddInterceptors(StatementPreparation.Instance);
                    }
                },
                ServiceLifetime.Singleton);
        }

        return builder;
    }
}
