using System.Net;
using Vectice.Organization.AspNetCore.Tests.Hosting;

namespace Vectice.Organization.AspNetCore.Tests.Authorization;

/// <summary>What each member may reach, as the design's table of roles and permissions states it, asked on every request.</summary>
public sealed class PermissionTests
{
    /// <summary>The design's table, written out again rather than read from the SDK's matrix: the settings-dependent cells are off here.</summary>
    private static readonly Dictionary<string, Permission[]> Allowed = new()
    {
        ["ada"] = Enum.GetValues<Permission>(),
        ["alan"] = Enum.GetValues<Permission>(),
        ["grace"] = [Permission.ReadWorkspaces, Permission.ExportDocumentation, Permission.ReviewAndComment, Permission.BeTeamMember],
        ["linus"] = [Permission.ReadWorkspaces, Permission.ExportDocumentation, Permission.ReviewAndComment],
        ["ken"] = [], // deactivated
        ["stranger"] = [], // not a member
    };

    [Theory]
    [InlineData("ada")] // Admin
    [InlineData("alan")] // Admin
    [InlineData("grace")] // Member
    [InlineData("linus")] // Viewer
    [InlineData("ken")] // deactivated Member
    [InlineData("stranger")] // not a member
    public async Task Each_member_reaches_exactly_what_their_role_allows_and_a_deactivated_member_or_a_non_member_nothing(string user)
    {
        await using var app = await TestApp.StartAsync();

        foreach (var permission in Enum.GetValues<Permission>())
        {
            var expected = Allowed[user].Contains(permission) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Assert.Equal((permission, expected), (permission, await app.GetAsync($"/orgs/acme/can/{permission}", user)));
        }
    }

    [Fact]
    public async Task A_members_two_settings_dependent_permissions_flip_with_the_organizations_settings()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/CreateWorkspaces", "grace"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/InviteColleagues", "grace"));

        await app.ChangeSettingsAsync(new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: false, FourEyesPolicy.Off));

        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/CreateWorkspaces", "grace"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/InviteColleagues", "grace"));

        await app.ChangeSettingsAsync(new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true, FourEyesPolicy.Off));

        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/CreateWorkspaces", "grace"));
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/InviteColleagues", "grace"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/InviteColleagues", "linus")); // never a Viewer's
    }

    [Fact]
    public async Task A_confirmed_demotion_makes_the_demoted_admins_very_next_request_forbidden()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "alan"));
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "alan")); // from the cache now
        var warmReads = app.Store.Calls;
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/ManageUsers", "alan"));
        Assert.Equal(warmReads, app.Store.Calls); // the check was answered from the cache: what follows is not a cold read

        await app.ChangeRoleAsync("alan", OrgRole.Member);

        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/acme/can/ManageUsers", "alan"));
        Assert.Equal(HttpStatusCode.OK, await app.GetAsync("/orgs/acme/can/BeTeamMember", "alan")); // a Member now
    }

    [Fact]
    public async Task An_organization_that_does_not_exist_is_forbidden_to_everyone()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/globex/can/ReadWorkspaces", "ada"));
        Assert.Equal(HttpStatusCode.Forbidden, await app.GetAsync("/orgs/ACME/can/ReadWorkspaces", "ada")); // ids are case-sensitive
    }
}
