using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.AspNetCore.Tests.Hosting;

namespace Vectice.Organization.AspNetCore.Tests.Authorization;

/// <summary>
/// A request whose organization or user cannot be identified is answered without asking the SDK: 400
/// for the organization, 403 for the user, the usual 401 challenge for an anonymous one; never a 500,
/// and the store is not read (so nothing can be cached for it).
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string> MalformedOrganizationIds => new()
    {
        "%20", // blank
        "%20%20%20", // blank
        "%20acme", // padded
        "acme%20", // padded
        "ac%01me", // a control character
        new string('a', OrganizationId.MaxLength + 1), // too long
    };

    [Theory]
    [MemberData(nameof(MalformedOrganizationIds))]
    public async Task A_blank_or_malformed_organization_id_in_the_route_is_a_bad_request_and_the_store_is_not_read(string organization)
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;

        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync($"/orgs/{organization}/can/ReadWorkspaces", "ada"));
        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync($"/orgs/{organization}/mvc/users", "ada"));

        Assert.Equal(calls, app.Store.Calls);
    }

    [Fact]
    public async Task A_route_without_the_organization_route_value_is_a_bad_request_and_the_store_is_not_read()
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;

        Assert.Equal(HttpStatusCode.BadRequest, await app.GetAsync("/o/acme/manage", "ada")); // {org}, not {organizationId}

        Assert.Equal(calls, app.Store.Calls);
    }

    [Theory]
    [InlineData(HeaderAuthenticationHandler.NoClaims)] // authenticated, but no claim at all
    [InlineData("x-too-long")] // a user id claim that is not a valid UserId
    public async Task An_authenticated_user_without_a_valid_user_id_claim_is_forbidden_and_the_store_is_not_read(string user)
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;
        var claim = user == "x-too-long" ? new string('x', UserId.MaxLength + 1) : user;

        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ReadWorkspaces", claim));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/mvc/read", claim));

        Assert.Equal(calls, app.Store.Calls);
    }

    [Fact]
    public async Task A_user_id_in_another_claim_type_than_the_configured_ones_is_no_user_id()
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;

        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ReadWorkspaces", "ada", claimType: "email"));

        Assert.Equal(calls, app.Store.Calls);
    }

    [Theory]
    [InlineData("/orgs/acme/can/ReadWorkspaces")]
    [InlineData("/orgs/%20/can/ReadWorkspaces")] // authentication comes first: an anonymous caller is challenged, whatever the id
    [InlineData("/orgs/acme/mvc/read")]
    public async Task An_anonymous_request_gets_the_usual_401_challenge_and_the_store_is_not_read(string path)
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;

        Assert.Equal(HttpStatusCode.Unauthorized, await app.GetAsync(path, user: null));

        Assert.Equal(calls, app.Store.Calls);
    }

    [Fact]
    public async Task A_check_outside_an_http_request_is_refused_with_its_reason_and_the_store_is_not_read()
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;
        var ada = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "ada")], "test"));

        var result = await app.Services.GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(ada, resource: "acme", new OrganizationPermissionRequirement(Permission.ReadWorkspaces));

        Assert.False(result.Succeeded);
        var reason = Assert.IsType<OrganizationAuthorizationFailureReason>(Assert.Single(result.Failure!.FailureReasons));
        Assert.Equal((OrganizationAuthorizationFailure.NoHttpContext, Permission.ReadWorkspaces), (reason.Failure, reason.Permission));
        Assert.Equal(calls, app.Store.Calls);
    }

    [Fact]
    public async Task The_store_read_of_a_check_is_cancelled_when_the_request_is_aborted()
    {
        await using var app = await TestApp.StartAsync();
        using var hold = new SnapshotHold();
        app.Store.Hold = hold;
        using var abort = new CancellationTokenSource();

        var request = app.GetAsync("/orgs/acme/can/ReadWorkspaces", "grace", cancellationToken: abort.Token);
        var token = await hold.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1)); // the timeouts are safety nets only
        Assert.False(token.IsCancellationRequested);
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(TimeSpan.FromMinutes(1)));
        await hold.Cancelled.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(token.IsCancellationRequested);
    }
}
