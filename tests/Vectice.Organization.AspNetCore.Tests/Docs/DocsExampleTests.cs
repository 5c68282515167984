using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.AspNetCore.Tests.Docs;

/// <summary>The documented example starts, and every endpoint it maps asks for the permission it names.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public async Task The_documented_example_starts_and_puts_each_endpoint_behind_its_permission()
    {
        await using var app = DocsExample.Build([]);
        await app.StartAsync();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.Equal(Permission.DeleteWorkspaces, PermissionOf(endpoints, "/orgs/{organizationId}/workspaces/{id}"));
        Assert.Equal(Permission.ManageUsers, PermissionOf(endpoints, "docs/orgs/{organizationId}/users/me"));

        using var anonymous = await app.GetTestClient().DeleteAsync(new Uri("/orgs/acme/workspaces/1", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.NoContent, anonymous.StatusCode); // challenged, not served
    }

    private static Permission? PermissionOf(List<RouteEndpoint> endpoints, string pattern) =>
        endpoints.Single(e => e.RoutePattern.RawText == pattern).Metadata
            .OfType<IAuthorizationRequirementData>()
            .SelectMany(d => d.GetRequirements())
            .OfType<OrganizationPermissionRequirement>()
            .Single().Permission;
}
