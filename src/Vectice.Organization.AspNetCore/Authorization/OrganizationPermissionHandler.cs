using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Vectice.Organization.AspNetCore;

/// <summary>
/// Decides an <see cref="OrganizationPermissionRequirement"/> with <see cref="OrganizationAccess"/>, on
/// the request being authorized. An unauthenticated user is left undecided, so ASP.NET Core challenges
/// them (401, or the sign-in redirect). Ids that cannot be read fail the requirement before anything is
/// asked, so nothing is read or cached for them.
/// </summary>
internal sealed class OrganizationPermissionHandler(OrganizationAccess access, IOptions<OrganizationAuthorizationOptions> options)
    : AuthorizationHandler<OrganizationPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationPermissionRequirement requirement)
    {
        if (!context.User.Identities.Any(i => i.IsAuthenticated))
        {
            return;
        }

        var http = context.Resource switch
        {
            HttpContext httpContext => httpContext,
            AuthorizationFilterContext filter => filter.HttpContext,
            _ => null,
        };
        if (http is null)
        {
            Fail(OrganizationAuthorizationFailure.NoHttpContext, "The organization permission is checked on HTTP requests only: the resource is not an HttpContext.");
            return;
        }

        var settings = options.Value;
        if (!TryOrganizationId(http, settings, out var organizationId))
        {
            Fail(OrganizationAuthorizationFailure.InvalidOrganizationId, "The request names no valid organization id.");
            return;
        }

        if (!TryUserId(context.User, settings, out var userId))
        {
            Fail(OrganizationAuthorizationFailure.NoUserId, "The user has no valid user id claim.");
            return;
        }

        if (await access.IsAllowedAsync(userId, organizationId, requirement.Permission, http.RequestAborted).ConfigureAwait(false))
        {
            context.Succeed(requirement);
        }
        else
        {
            Fail(OrganizationAuthorizationFailure.NotPermitted, $"The user does not have {requirement.Permission} in the organization.");
        }

        void Fail(OrganizationAuthorizationFailure failure, string message) =>
            context.Fail(new OrganizationAuthorizationFailureReason(this, failure, requirement.Permission, message));
    }

    private static bool TryOrganizationId(HttpContext http, OrganizationAuthorizationOptions settings, out OrganizationId organizationId)
    {
        var text = settings.OrganizationIdResolver is { } resolve
            ? resolve(http)
            : Convert.ToString(http.GetRouteValue(settings.OrganizationRouteValue), CultureInfo.InvariantCulture);
        try
        {
            organizationId = new OrganizationId(text!);
            return true;
        }
        catch (ArgumentException)
        {
            organizationId = default;
            return false;
        }
    }

    private static bool TryUserId(ClaimsPrincipal user, OrganizationAuthorizationOptions settings, out UserId userId)
    {
        foreach (var claimType in settings.UserIdClaimTypes)
        {
            if (user.FindFirst(claimType)?.Value is { } value)
            {
                try
                {
                    userId = new UserId(value);
                    return true;
                }
                catch (ArgumentException)
                {
                    break; // The first claim found decides: a malformed one is not passed over for another.
                }
            }
        }

        userId = default;
        return false;
    }
}
