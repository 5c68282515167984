using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vectice.Organization.Stores;

namespace Vectice.Organization.AspNetCore.Tests.Hosting;

/// <summary>
/// A host in memory (TestServer) with the package registered in one line, a header sign-in, endpoints
/// of every kind the package protects, and the organization <c>acme</c>: two Admins (ada, alan), a Member
/// (grace), a Viewer (linus), a deactivated Member (ken); stranger is in no organization.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly OrganizationId Acme = new("acme");

    private readonly WebApplication _app;

    private TestApp(WebApplication app, CountingStore store)
    {
        _app = app;
        Store = store;
        Client = app.GetTestClient();
    }

    /// <summary>Gets the store behind the SDK, counting its calls.</summary>
    public CountingStore Store { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the host and seeds the organization.</summary>
    /// <param name="configure">The package's options, as a host would set them.</param>
    /// <param name="services">More registrations, after the app's own.</param>
    /// <param name="registerBefore">Registrations before the package's.</param>
    public static async Task<TestApp> StartAsync(
        Action<OrganizationAuthorizationOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? registerBefore = null)
    {
        var (store, counter) = CountingStore.Create();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        registerBefore?.Invoke(builder.Services);
        builder.Services.AddSingleton(store);
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddVecticeOrganization().AddAuthorization(configure);
        builder.Services.AddAuthorizationBuilder().AddPolicy("invite", p => p.RequireOrganizationPermission(Permission.InviteColleagues));
        builder.Services.AddControllers().AddApplicationPart(typeof(TestApp).Assembly);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        foreach (var permission in Enum.GetValues<Permission>())
        {
            app.MapGet($"/orgs/{{organizationId}}/can/{permission}", () => "ok").RequireOrganizationPermission(permission);
        }

        app.MapGet("/orgs/{organizationId}/attribute", [RequireOrganizationPermission(Permission.ManageUsers)] () => "ok");
        app.MapGet("/orgs/{organizationId}/policy", () => "ok").RequireAuthorization("invite");
        app.MapGroup("/orgs/{organizationId}/admin").RequireOrganizationPermission(Permission.ManageUsers).MapGet("/settings", () => "ok");
        app.MapGet("/o/{org}/manage", () => "ok").RequireOrganizationPermission(Permission.ManageUsers);
        app.MapControllers();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var test = new TestApp(app, counter);
        await test.SeedAsync();
        return test;
    }

    /// <summary>GETs <paramref name="path"/> as <paramref name="user"/> (anonymous when null) and answers the status.</summary>
    public async Task<HttpStatusCode> GetAsync(string path, string? user, string? claimType = null, string? organizationHeader = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add("X-User", user);
        }

        if (claimType is not null)
        {
            request.Headers.Add("X-Claim-Type", claimType);
        }

        if (organizationHeader is not null)
        {
            request.Headers.Add("X-Org", organizationHeader);
        }

        using var response = await Client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Ada changes <paramref name="user"/>'s role: request, then confirm, through the app's own services.</summary>
    public Task ChangeRoleAsync(string user, OrgRole role) => WithScopeAsync(async scope =>
    {
        var roleChanges = scope.GetRequiredService<RoleChangeService>();
        var requested = await roleChanges.RequestAsync(new UserId("ada"), Acme, new UserId(user), role);
        Assert.True(requested.TryGetValue(out var pending, out var refused), refused?.Reason);
        var confirmed = await roleChanges.ConfirmAsync(new UserId("ada"), pending.Id);
        Assert.True(confirmed.IsSuccess, confirmed.Refusal?.Reason);
    });

    /// <summary>Ada changes the organization's settings.</summary>
    public Task ChangeSettingsAsync(OrganizationSettings settings) => WithScopeAsync(async scope =>
    {
        var changed = await scope.GetRequiredService<OrganizationSettingsService>().ChangeAsync(new UserId("ada"), Acme, settings);
        Assert.True(changed.IsSuccess, changed.Refusal?.Reason);
    });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        await WithScopeAsync(async scope =>
        {
            var provisioning = scope.GetRequiredService<ProvisioningService>();
            var ada = new UserId("ada");
            (await provisioning.CreateOrganizationAsync(Acme, "Acme Corp", Person("ada"))).GetValueOrThrow();
            foreach (var (user, role) in new[] { ("alan", OrgRole.Admin), ("grace", OrgRole.Member), ("linus", OrgRole.Viewer), ("ken", OrgRole.Member) })
            {
                var added = await provisioning.AddMemberAsync(ada, Acme, Person(user), role);
                Assert.True(added.IsSuccess, added.Refusal?.Reason);
            }

            var roleChanges = scope.GetRequiredService<RoleChangeService>();
            var deactivation = (await roleChanges.RequestDeactivationAsync(ada, Acme, new UserId("ken"))).GetValueOrThrow();
            (await roleChanges.ConfirmAsync(ada, deactivation.Id)).GetValueOrThrow();
        });
    }

    private async Task WithScopeAsync(Func<IServiceProvider, Task> act)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await act(scope.ServiceProvider);
    }

    private static User Person(string id) => new(new UserId(id), $"{id}@acme.example", id);
}
