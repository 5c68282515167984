using Microsoft.AspNetCore.Authorization;

namespace Vectice.Organization.AspNetCore;

/// <summary>
/// Requires an organization permission on a controller, an action, a Razor page model or a minimal API
/// endpoint (<c>.WithMetadata</c>, or <c>.RequireOrganizationPermission</c>). Several attributes all
/// apply. Combines with <see cref="AuthorizeAttribute"/> and is skipped under
/// <see cref="AllowAnonymousAttribute"/>, as ASP.NET Core's own attributes are.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequireOrganizationPermissionAttribute : Attribute, IAuthorizationRequirementData
{
    private readonly OrganizationPermissionRequirement _requirement;

    /// <summary>Requires <paramref name="permission"/>.</summary>
    /// <param name="permission">The permission required.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public RequireOrganizationPermissionAttribute(Permission permission) => _requirement = new OrganizationPermissionRequirement(permission);

    /// <summary>Gets the permission required.</summary>
    public Permission Permission => _requirement.Permission;

    /// <summary>The requirement this attribute stands for.</summary>
    /// <returns>One <see cref="OrganizationPermissionRequirement"/>.</returns>
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [_requirement];
}
