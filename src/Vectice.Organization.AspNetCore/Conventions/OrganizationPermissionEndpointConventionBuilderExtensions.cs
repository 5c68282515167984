using Vectice.Organization;
using Vectice.Organization.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds organization permissions to endpoints: minimal APIs, route groups, controllers, Razor Pages.</summary>
public static class OrganizationPermissionEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires <paramref name="permission"/> in the request's organization on the endpoints
    /// <paramref name="builder"/> builds (a <see cref="RequireOrganizationPermissionAttribute"/> in their metadata).
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint, group or data source conventions.</param>
    /// <param name="permission">The permission required.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public static TBuilder RequireOrganizationPermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new RequireOrganizationPermissionAttribute(permission));
    }
}
