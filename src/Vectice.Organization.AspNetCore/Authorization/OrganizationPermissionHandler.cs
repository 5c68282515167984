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
            Fail(OrganizationAuthorizationFailure.NoUserId, "The user has no single valid user id claim.");
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

    // Only authenticated identities are read: an identity a claims transformation or another scheme added
    // without signing anyone in says nothing about who is asking. The first claim type any of them has
    // decides: a malformed value is not passed over for another type, and two different values of it
    // (one per identity, or two in one) name no single user.
    private static bool TryUserId(ClaimsPrincipal user, OrganizationAuthorizationOptions settings, out UserId userId)
    {
        userId = default;
        foreach (var claimType in settings.UserIdClaimTypes)
        {
            string? found = null;
            foreach (var identity in user.Identities)
            {
                if (!identity.IsAuthenticated)
                {
                    continue;
                }

                foreach (var claim in identity.FindAll(claimType))
                {
                    if (found is not null && !string.Equals(found, claim.Value, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    found = claim.Value;
                }
            }

            if (found is not null)
            {
                try
                {
                    userId = new UserId(found);
                    return true;
                }
                catch (ArgumentException)
                {
                    return false;
                }
            }
        }

        return false;
    }
}
