using System.Net;
using Vectice.Organization.AspNetCore.Tests.Hosting;

namespace Vectice.Organization.AspNetCore.Tests.Authorization;

/// <summary>Every way a host puts a permission on an endpoint requires it: an Admin passes, a Viewer is refused.</summary>
public sealed class EndpointKindTests
{
    [Theory]
    [InlineData("/orgs/acme/attribute")] // [RequireOrganizationPermission] on a minimal API's handler
    [InlineData("/orgs/acme/mvc/users")] // on an MVC action, under one on its controller
    [InlineData("/orgs/acme/admin/settings")] // .RequireOrganizationPermission on a route group
    [InlineData("/orgs/acme/can/ManageUsers")] // .RequireOrganizationPermission on a minimal API endpoint
    public async Task Manage_users_endpoints_of_every_kind_let_an_admin_in_and_forbid_a_viewer_and_a_member(string path)
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync(path, "ada"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync(path, "grace"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync(path, "linus"));
    }

    [Fact]
    public async Task The_attribute_on_a_controller_applies_to_its_actions()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/mvc/read", "linus"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/mvc/read", "ken"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/mvc/read", "stranger"));
    }

    [Fact]
    public async Task A_named_policy_built_with_RequireOrganizationPermission_requires_the_permission()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/policy", "ada"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/policy", "grace"));
        await app.ChangeSettingsAsync(new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true, FourEyesPolicy.Off));
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/policy", "grace"));
    }
}
