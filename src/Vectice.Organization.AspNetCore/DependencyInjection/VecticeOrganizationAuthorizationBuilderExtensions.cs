using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vectice.Organization;
using Vectice.Organization.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the organization permission checks of ASP.NET Core authorization.</summary>
public static class VecticeOrganizationAuthorizationBuilderExtensions
{
    /// <summary>
    /// Registers ASP.NET Core authorization (<c>services.AddAuthorization()</c>), the handler of
    /// <see cref="OrganizationPermissionRequirement"/> (a singleton over the registered
    /// <see cref="OrganizationAccess"/>), and a result handler that answers 400 to a request naming no
    /// valid organization id and passes every other outcome to the result handler registered before it.
    /// Safe to call more than once: services are added once, options configurations add up. Options are
    /// validated at start.
    /// </summary>
    /// <param name="builder">The builder <c>AddVecticeOrganization</c> returned.</param>
    /// <param name="configure">Sets where the organization id and user id are read from; optional.</param>
    /// <returns>The builder.</returns>
    public static VecticeOrganizationBuilder AddAuthorization(
        this VecticeOrganizationBuilder builder, Action<OrganizationAuthorizationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAuthorization();
        var options = services.AddOptions<OrganizationAuthorizationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrganizationAuthorizationOptions>, OrganizationAuthorizationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, OrganizationPermissionHandler>());
        DecorateResultHandler(services);
        return builder;
    }

    /// <summary>Puts the 400 answer in front of the result handler registered so far, once.</summary>
    private static void DecorateResultHandler(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(OrganizationAuthorizationResultHandler)))
        {
            return;
        }

        // AddAuthorization registered ASP.NET Core's default unless the host had registered its own.
        var inner = services.Last(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler) && !d.IsKeyedService);
        services.Remove(inner);
        services.Add(ServiceDescriptor.Describe(typeof(OrganizationAuthorizationResultHandler), provider => new OrganizationAuthorizationResultHandler(
            (IAuthorizationMiddlewareResultHandler)(inner.ImplementationInstance
                ?? inner.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, inner.ImplementationType!))), inner.Lifetime));
        services.Add(ServiceDescriptor.Describe(
            typeof(IAuthorizationMiddlewareResultHandler), provider => provider.GetRequiredService<OrganizationAuthorizationResultHandler>(), inner.Lifetime));
    }
}
