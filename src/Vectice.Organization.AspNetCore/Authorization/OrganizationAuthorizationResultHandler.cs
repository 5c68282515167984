using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Vectice.Organization.AspNetCore;

/// <summary>
/// Answers 400 Bad Request when an organization permission failed because the request named no valid
/// organization id; every other outcome goes to the handler registered before (ASP.NET Core's default:
/// challenge, forbid or go on).
/// </summary>
internal sealed class OrganizationAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure && failure.FailureReasons.Any(
            r => r is OrganizationAuthorizationFailureReason { Failure: OrganizationAuthorizationFailure.InvalidOrganizationId }))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
