using Microsoft.AspNetCore.Authorization;
using Vectice.Organization;
using Vectice.Organization.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Adds organization permissions to authorization policies. In the namespace of the endpoint extension
/// (which a web project imports implicitly), so that <c>policy.RequireOrganizationPermission(...)</c> never
/// resolves to that one alone.
/// </summary>
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
