using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class ProvisioningServiceTests
{
    [Fact]
    public async Task A_new_organization_starts_with_its_founder_as_active_admin_and_one_audit_entry()
    {
        var org = Acme.Create();

        var result = await org.Provisioning.CreateOrganizationAsync(Id, "Acme Corp", Profile(Ada), new OrganizationSettings(true, false));

        Assert.True(result.TryGetValue(out var organization, out _));
        Assert.Equal((Id, "Acme Corp", 1L), (organization.Id, organization.Name, organization.Version));
        Assert.True(organization.Settings.MembersCanCreateWorkspaces);
        var founder = Assert.Single(await org.MembersAsync());
        Assert.Equal((Ada, OrgRole.Admin, MembershipStatus.Active), (founder.UserId, founder.Role, founder.Status));
        Assert.Equal(Profile(Ada), founder.User);
        var entry = Assert.Single(await org.AuditAsync());
        Assert.Equal((1L, AuditAction.OrganizationCreated, Ada, Ada), (entry.Sequence, entry.Action, entry.Actor, entry.Target));
        Assert.Null(entry.Before);
    }

    [Fact]
    public async Task An_organization_id_is_taken_once()
    {
        var org = await Acme.SeedAsync();
        var result = await org.Provisioning.CreateOrganizationAsync(Id, "Other", Profile(Stranger));
        Assert.Equal(new OrganizationAlreadyExists(Id), result.Refusal);
        Assert.DoesNotContain(await org.MembersAsync(), m => m.UserId == Stranger);
    }

    [Theory]
    [InlineData(OrgRole.Admin)]
    [InlineData(OrgRole.Member)]
    [InlineData(OrgRole.Viewer)]
    public async Task An_admin_adds_members_with_any_role(OrgRole role)
    {
        var org = await Acme.SeedAsync();
        var result = await org.Provisioning.AddMemberAsync(Ada, Id, Profile(Stranger), role);
        Assert.True(result.TryGetValue(out var membership, out _));
        Assert.Equal((role, MembershipStatus.Active), (membership.Role, membership.Status));
        Assert.Equal(membership, await org.MemberAsync(Stranger));
        var entry = (await org.AuditAsync())[^1];
        Assert.Equal((AuditAction.MemberAdded, Ada, Stranger, new MembershipState(role, MembershipStatus.Active)), (entry.Action, entry.Actor, entry.Target, entry.After));
    }

    [Theory]
    [InlineData(OrgRole.Member, true)]
    [InlineData(OrgRole.Viewer, true)]
    [InlineData(OrgRole.Admin, false)]
    public async Task A_member_invites_members_and_viewers_only_when_the_setting_allows(OrgRole role, bool allowed)
    {
        var org = Acme.Create();
        await org.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada), new OrganizationSettings(false, MembersCanInviteColleagues: true));
        await org.AddAsync(Grace, OrgRole.Member);

        var result = await org.Provisioning.AddMemberAsync(Grace, Id, Profile(Stranger), role);

        Assert.Equal(allowed, result.IsSuccess);
        if (!allowed)
        {
            Assert.Equal(new NotPermitted(Id, Grace, Permission.ManageUsers), result.Refusal);
        }
    }

    [Fact]
    public async Task A_member_may_not_invite_when_the_setting_is_off()
    {
        var org = await Acme.SeedAsync();
        var result = await org.Provisioning.AddMemberAsync(Grace, Id, Profile(Stranger), OrgRole.Viewer);
        Assert.Equal(new NotPermitted(Id, Grace, Permission.InviteColleagues), result.Refusal);
        Assert.Null(await org.MemberAsync(Stranger));
    }

    [Fact]
    public async Task Viewers_and_deactivated_members_never_add_anyone()
    {
        var org = Acme.Create();
        await org.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada), new OrganizationSettings(true, true));
        await org.AddAsync(Linus, OrgRole.Viewer);
        await org.AddAsync(Ken, OrgRole.Member);
        await org.ApplyAsync(org.RoleChanges.RequestDeactivationAsync(Ada, Id, Ken));

        Assert.IsType<NotPermitted>((await org.Provisioning.AddMemberAsync(Linus, Id, Profile(Stranger), OrgRole.Viewer)).Refusal);
        Assert.IsType<NotPermitted>((await org.Provisioning.AddMemberAsync(Ken, Id, Profile(Stranger), OrgRole.Viewer)).Refusal);
        Assert.Null(await org.MemberAsync(Stranger));
    }

    [Fact]
    public async Task A_member_is_added_once()
    {
        var org = await Acme.SeedAsync();
        var result = await org.Provisioning.AddMemberAsync(Ada, Id, Profile(Grace), OrgRole.Admin);
        Assert.Equal(new MemberAlreadyExists(Id, Grace), result.Refusal);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
    }

    [Fact]
    public async Task Outsiders_and_unknown_organizations_are_not_found()
    {
        var org = await Acme.SeedAsync();
        Assert.Equal(new OrganizationNotFound(Id), (await org.Provisioning.AddMemberAsync(Stranger, Id, Profile(Stranger), OrgRole.Viewer)).Refusal);
        var globex = new OrganizationId("globex");
        Assert.Equal(new OrganizationNotFound(globex), (await org.Provisioning.AddMemberAsync(Ada, globex, Profile(Stranger), OrgRole.Viewer)).Refusal);
    }

    [Fact]
    public async Task Profiles_are_kept_per_organization()
    {
        var org = await Acme.SeedAsync();
        var globex = new OrganizationId("globex");
        await org.Provisioning.CreateOrganizationAsync(globex, "Globex", new User(Ada, "ada@globex.example", "Ada at Globex"));

        Assert.Equal("ada@example.com", (await org.MemberAsync(Ada))!.User.Email);
        Assert.Equal("ada@globex.example", (await org.Store.FindMembershipAsync(globex, Ada, CancellationToken.None))!.User.Email);
    }
}
