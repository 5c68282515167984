using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.AspNetCore.Tests.Hosting;

namespace Vectice.Organization.AspNetCore.Tests.Authorization;

/// <summary>
/// The user id is read from the user's authenticated identities only, and it must be one: a claim on an
/// identity that signed no one in, or two different ids, never lend anyone another user's permissions.
/// </summary>
public sealed class UserIdClaimTests
{
    private static readonly Claim AdaId = new(ClaimTypes.NameIdentifier, "ada");
    private static readonly Claim LinusId = new(ClaimTypes.NameIdentifier, "linus");

    [Fact]
    public async Task A_claim_on_an_identity_that_is_not_authenticated_is_not_read()
    {
        await using var app = await TestApp.StartAsync();
        var unauthenticated = new ClaimsIdentity([AdaId]);
        var linus = new ClaimsIdentity([LinusId], authenticationType: "Header");

        Assert.False(unauthenticated.IsAuthenticated);
        Assert.False(await AuthorizeAsync(app, new ClaimsPrincipal([unauthenticated, linus]), Permission.ManageUsers));
        Assert.True(await AuthorizeAsync(app, new ClaimsPrincipal([unauthenticated, linus]), Permission.ReadWorkspaces));
    }

    [Fact]
    public async Task Two_different_user_ids_name_no_single_user_and_are_forbidden_without_a_read()
    {
        await using var app = await TestApp.StartAsync();
        var calls = app.Store.Calls;

        Assert.False(await AuthorizeAsync(app, new ClaimsPrincipal(new ClaimsIdentity([AdaId, LinusId], "Header")), Permission.ReadWorkspaces));
        Assert.False(await AuthorizeAsync(app, new ClaimsPrincipal([new ClaimsIdentity([LinusId], "Header"), new ClaimsIdentity([AdaId], "Other")]), Permission.ReadWorkspaces));
        Assert.Equal(calls, app.Store.Calls);

        // The same id twice is one user.
        Assert.True(await AuthorizeAsync(app, new ClaimsPrincipal(new ClaimsIdentity([AdaId, new Claim(ClaimTypes.NameIdentifier, "ada")], "Header")), Permission.ManageUsers));
    }

    private static async Task<bool> AuthorizeAsync(TestApp app, ClaimsPrincipal user, Permission permission)
    {
        var http = new DefaultHttpContext { RequestServices = app.Services, User = user };
        http.Request.RouteValues["organizationId"] = TestApp.Acme.Value;
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(user, http, new OrganizationPermissionRequirement(permission))).Succeeded;
    }
}
