using Microsoft.Extensions.Options;

namespace Vectice.Organization.AspNetCore;

/// <summary>Refuses options that could never find an organization or a user.</summary>
internal sealed class OrganizationAuthorizationOptionsValidator : IValidateOptions<OrganizationAuthorizationOptions>
{
    public ValidateOptionsResult Validate(string? name, OrganizationAuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.OrganizationIdResolver is null && string.IsNullOrWhiteSpace(options.OrganizationRouteValue))
        {
            failures.Add($"{nameof(OrganizationAuthorizationOptions.OrganizationRouteValue)} must name a route value when no {nameof(OrganizationAuthorizationOptions.OrganizationIdResolver)} is set.");
        }

        if (options.UserIdClaimTypes.Count == 0)
        {
            failures.Add($"{nameof(OrganizationAuthorizationOptions.UserIdClaimTypes)} must hold at least one claim type.");
        }
        else if (options.UserIdClaimTypes.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{nameof(OrganizationAuthorizationOptions.UserIdClaimTypes)} must not hold a null or blank claim type.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
