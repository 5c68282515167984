using Vectice.Organization;
using Vectice.Organization.AspNetCore;

namespace Microsoft.AspNetCore.Authorization;

/// <summary>Adds organization permissions to authorization policies.</summary>
public static class OrganizationPermissionPolicyBuilderExtensions
{
    /// <summary>Requires <paramref name="permission"/> in the request's organization.</summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="permission">The permission required.</param>
    /// <returns>The policy builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public static AuthorizationPolicyBuilder RequireOrganizationPermission(this AuthorizationPolicyBuilder builder, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddRequirements(new OrganizationPermissionRequirement(permission));
    }
}
