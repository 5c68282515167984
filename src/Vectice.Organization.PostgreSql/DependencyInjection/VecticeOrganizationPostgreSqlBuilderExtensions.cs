using Vectice.Organization.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PostgreSQL change feed to <c>AddVecticeOrganization()</c>.</summary>
public static class VecticeOrganizationPostgreSqlBuilderExtensions
{
    /// <summary>
    /// Keeps <see cref="Vectice.Organization.OrganizationAccess"/> told of every change committed to the
    /// PostgreSQL database at <paramref name="connectionString"/>, by any process, through
    /// <see cref="PostgreSqlOrganizationChangeFeed"/> run in a hosted background service. Replaces any
    /// feed chosen before.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The database the stores commit to.</param>
    /// <param name="configure">Sets the other options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null, empty or white space.</exception>
    public static VecticeOrganizationBuilder AddPostgreSqlChangeFeed(
        this VecticeOrganizationBuilder builder, string connectionString, Action<PostgreSqlChangeFeedOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Configure<PostgreSqlChangeFeedOptions>(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
        return builder.AddChangeFeed<PostgreSqlOrganizationChangeFeed>();
    }
}
