using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectice.Organization.AspNetCore.Tests.Hosting;

namespace Vectice.Organization.AspNetCore.Tests.DependencyInjection;

/// <summary>One line registers the package; a second call adds nothing twice; a host's own result handler keeps its say.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void Registering_twice_adds_each_service_once_and_both_configurations_apply()
    {
        var services = new ServiceCollection();
        services.AddVecticeOrganization().AddAuthorization(o => o.OrganizationRouteValue = "org");
        services.AddVecticeOrganization().AddAuthorization(o => o.UserIdClaimTypes.Add("oid"));

        Assert.Single(services, d => d.ServiceType == typeof(IAuthorizationHandler) && d.ImplementationType == typeof(OrganizationPermissionHandler));
        Assert.Single(services, d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        Assert.Single(services, d => d.ServiceType == typeof(OrganizationAuthorizationResultHandler));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<OrganizationAuthorizationOptions>));
        using var provider = services.BuildServiceProvider(validateScopes: true);
        Assert.IsType<OrganizationAuthorizationResultHandler>(provider.GetRequiredService<IAuthorizationMiddlewareResultHandler>());
        var options = provider.GetRequiredService<IOptions<OrganizationAuthorizationOptions>>().Value;
        Assert.Equal("org", options.OrganizationRouteValue);
        Assert.Equal(["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "sub", "oid"], options.UserIdClaimTypes);
        Assert.Single(provider.GetServices<IAuthorizationHandler>().OfType<OrganizationPermissionHandler>());
    }

    [Fact]
    public async Task A_host_that_registers_the_package_twice_answers_as_with_one_registration()
    {
        await using var app = await TestApp.StartAsync(services: s => s.AddVecticeOrganization().AddAuthorization());

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ManageUsers", "linus"));
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync("/orgs/%20/can/ManageUsers", "ada"));
        Assert.Equal(HttpStatusCode.Unauthorized, await app.GetAsync("/orgs/acme/can/ManageUsers", null));
    }

    [Fact]
    public async Task A_result_handler_the_host_registered_before_still_answers_every_outcome_but_the_bad_organization_id()
    {
        await using var app = await TestApp.StartAsync(registerBefore: s => s.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsNotFoundResultHandler>());

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada"));
        Assert.Equal(HttpStatusCode.NotFound, await app.GetAsync("/orgs/acme/can/ManageUsers", "linus"));
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync("/orgs/%20/can/ManageUsers", "ada"));
    }

    [Fact]
    public void An_undefined_permission_is_refused_where_it_is_required()
    {
        var undefined = (Permission)999;

        Assert.Throws<ArgumentOutOfRangeException>("permission", () => new OrganizationPermissionRequirement(undefined));
        Assert.Throws<ArgumentOutOfRangeException>("permission", () => new RequireOrganizationPermissionAttribute(undefined));
        Assert.Throws<ArgumentOutOfRangeException>("permission", () => new AuthorizationPolicyBuilder().RequireOrganizationPermission(undefined));
    }
}
