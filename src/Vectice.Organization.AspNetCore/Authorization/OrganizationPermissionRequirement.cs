using Microsoft.AspNetCore.Authorization;

namespace Vectice.Organization.AspNetCore;

/// <summary>
/// Requires that the signed-in user have <see cref="Permission"/> in the request's organization, as
/// <see cref="OrganizationAccess"/> answers it on this request: from the member's stored role and status
/// and the organization's settings, never from a role in a claim or a cookie.
/// </summary>
public sealed class OrganizationPermissionRequirement : IAuthorizationRequirement
{
    /// <summary>Creates the requirement.</summary>
    /// <param name="permission">The permission required.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public OrganizationPermissionRequirement(Permission permission)
    {
        if (!Enum.IsDefined(permission))
        {
            throw new ArgumentOutOfRangeException(nameof(permission), permission, $"{permission} is not a defined {nameof(Vectice.Organization.Permission)}.");
        }

        Permission = permission;
    }

    /// <summary>Gets the permission required.</summary>
    public Permission Permission { get; }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(OrganizationPermissionRequirement)}: the user needs {Permission} in the request's organization";
}
