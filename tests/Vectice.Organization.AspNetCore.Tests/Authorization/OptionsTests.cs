using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Vectice.Organization.AspNetCore.Tests.Hosting;

namespace Vectice.Organization.AspNetCore.Tests.Authorization;

/// <summary>Where the organization and the user are read from is the host's to choose, and validated at start.</summary>
public sealed class OptionsTests
{
    [Fact]
    public async Task A_custom_organization_resolver_is_used_instead_of_the_route_and_its_bad_answers_are_bad_requests()
    {
        await using var app = await TestApp.StartAsync(o => o.OrganizationIdResolver = http => http.Request.Headers["X-Org"].FirstOrDefault());
        var path = "/orgs/not-read/can/ManageUsers"; // the route value is not read any more

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync(path, "ada", organizationHeader: "acme"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync(path, "linus", organizationHeader: "acme"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync(path, "ada", organizationHeader: "globex"));

        var calls = app.Store.Calls;
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync(path, "ada")); // the resolver answers null
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync(path, "ada", organizationHeader: " "));
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync(path, "ada", organizationHeader: new string('a', OrganizationId.MaxLength + 1)));
        Assert.Equal(calls, app.Store.Calls);
    }

    [Fact]
    public async Task A_single_organization_host_resolves_every_request_to_its_organization()
    {
        await using var app = await TestApp.StartAsync(o => o.OrganizationIdResolver = _ => TestApp.Acme.Value);

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/anything/can/ManageUsers", "ada"));
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/o/anything/manage", "ada"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/o/anything/manage", "grace"));
    }

    [Fact]
    public async Task A_custom_route_value_name_is_read()
    {
        await using var app = await TestApp.StartAsync(o => o.OrganizationRouteValue = "org");

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/o/acme/manage", "ada"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/o/acme/manage", "grace"));
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada")); // no {org} there
    }

    [Fact]
    public async Task The_user_id_is_read_from_the_sub_claim_when_there_is_no_name_identifier()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada", claimType: "sub"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ManageUsers", "linus", claimType: "sub"));
    }

    [Fact]
    public async Task A_custom_user_claim_type_is_read_and_the_default_ones_are_then_not()
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.UserIdClaimTypes.Clear();
            o.UserIdClaimTypes.Add("oid");
        });

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada", claimType: "oid"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ManageUsers", "linus", claimType: "oid"));
        var calls = app.Store.Calls;
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada")); // a NameIdentifier claim
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ManageUsers", "ada", claimType: "sub"));
        Assert.Equal(calls, app.Store.Calls);
    }

    public static TheoryData<string, Action<OrganizationAuthorizationOptions>> InvalidOptions => new()
    {
        { "OrganizationRouteValue", o => o.OrganizationRouteValue = " " },
        { "OrganizationRouteValue", o => o.OrganizationRouteValue = null! },
        { "UserIdClaimTypes", o => o.UserIdClaimTypes.Clear() },
        { "UserIdClaimTypes", o => o.UserIdClaimTypes.Add("") },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Invalid_options_stop_the_host_at_start_naming_the_option(string option, Action<OrganizationAuthorizationOptions> configure)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(configure));

        Assert.Contains(option, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_route_value_name_is_accepted_when_a_resolver_is_set()
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.OrganizationRouteValue = "";
            o.OrganizationIdResolver = (HttpContext _) => "acme";
        });

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/x/can/ManageUsers", "ada"));
    }
}
