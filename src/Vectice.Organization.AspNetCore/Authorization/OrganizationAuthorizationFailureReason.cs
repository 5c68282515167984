using Microsoft.AspNetCore.Authorization;

namespace Vectice.Organization.AspNetCore;

/// <summary>
/// The reason an <see cref="OrganizationPermissionRequirement"/> failed, in
/// <see cref="AuthorizationFailure.FailureReasons"/>, for a host's own
/// <c>IAuthorizationMiddlewareResultHandler</c> or its logs.
/// </summary>
public sealed class OrganizationAuthorizationFailureReason : AuthorizationFailureReason
{
    internal OrganizationAuthorizationFailureReason(IAuthorizationHandler handler, OrganizationAuthorizationFailure failure, Permission permission, string message)
        : base(handler, message)
    {
        Failure = failure;
        Permission = permission;
    }

    /// <summary>Gets why the permission was not granted.</summary>
    public OrganizationAuthorizationFailure Failure { get; }

    /// <summary>Gets the permission that was required.</summary>
    public Permission Permission { get; }
}
