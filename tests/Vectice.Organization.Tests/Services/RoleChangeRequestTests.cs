using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class RoleChangeRequestTests
{
    [Fact]
    public async Task A_request_gives_a_pending_change_and_saves_nothing_about_the_member()
    {
        var org = await Acme.SeedAsync();
        var auditBefore = await org.AuditAsync();

        var result = await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin);

        Assert.True(result.TryGetValue(out var pending, out _));
        Assert.Equal(Id, pending.OrganizationId);
        Assert.Equal(Grace, pending.Target);
        Assert.Equal(ChangeKind.ChangeRole, pending.Kind);
        Assert.Equal(new MembershipState(OrgRole.Member, MembershipStatus.Active), pending.From);
        Assert.Equal(new MembershipState(OrgRole.Admin, MembershipStatus.Active), pending.To);
        Assert.Equal(Ada, pending.RequestedBy);
        Assert.Equal(Start, pending.RequestedAt);
        Assert.Equal(Start.AddMinutes(15), pending.ExpiresAt);
        Assert.Equal(PendingChangeStatus.Pending, pending.Status);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(auditBefore, await org.AuditAsync());
        Assert.Equal(pending, await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_time_to_live_comes_from_the_options()
    {
        var org = await Acme.SeedAsync(options: new VecticeOrganizationOptions { PendingChangeTimeToLive = TimeSpan.FromSeconds(90) });
        var result = await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer);
        Assert.Equal(Start.AddSeconds(90), result.GetValueOrThrow().ExpiresAt);
    }

    [Fact]
    public async Task Times_are_recorded_in_utc_to_the_microsecond_so_every_store_keeps_them_exactly()
    {
        var org = await Acme.SeedAsync();
        org.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        org.Clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two"));

        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();

        Assert.Equal(Start.AddTicks(1_234_560), pending.RequestedAt);
        Assert.Equal(TimeSpan.Zero, pending.RequestedAt.Offset);
    }

    [Fact]
    public async Task Deactivation_and_reactivation_are_requested_the_same_way()
    {
        var org = await Acme.SeedAsync();

        var deactivate = (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Grace)).GetValueOrThrow();
        var reactivate = (await org.RoleChanges.RequestReactivationAsync(Ada, Id, Ken)).GetValueOrThrow();

        Assert.Equal((ChangeKind.Deactivate, new MembershipState(OrgRole.Member, MembershipStatus.Deactivated)), (deactivate.Kind, deactivate.To));
        Assert.Equal((ChangeKind.Reactivate, new MembershipState(OrgRole.Member, MembershipStatus.Active)), (reactivate.Kind, reactivate.To));
    }

    [Fact]
    public async Task An_unknown_organization_is_not_found()
    {
        var org = await Acme.SeedAsync();
        var result = await org.RoleChanges.RequestAsync(Ada, new OrganizationId("globex"), Grace, OrgRole.Admin);
        Assert.Equal(new OrganizationNotFound(new OrganizationId("globex")), result.Refusal);
    }

    [Fact]
    public async Task A_non_member_is_told_the_organization_was_not_found()
    {
        var org = await Acme.SeedAsync();
        var result = await org.RoleChanges.RequestAsync(Stranger, Id, Grace, OrgRole.Admin);
        Assert.IsType<OrganizationNotFound>(result.Refusal);
    }

    [Theory]
    [InlineData("grace")]
    [InlineData("linus")]
    public async Task Members_and_viewers_may_not_request(string actor)
    {
        var org = await Acme.SeedAsync();
        var result = await org.RoleChanges.RequestAsync(new UserId(actor), Id, Ada, OrgRole.Viewer);
        Assert.Equal(new NotAnActiveAdmin(Id, new UserId(actor)), result.Refusal);
        Assert.Contains("not an active Admin", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_admin_may_not_request()
    {
        var org = await Acme.SeedAsync();
        await org.ApplyAsync(org.RoleChanges.RequestDeactivationAsync(Ada, Id, Alan));
        var result = await org.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Viewer);
        Assert.IsType<NotAnActiveAdmin>(result.Refusal);
    }

    [Fact]
    public async Task An_unknown_target_is_not_found()
    {
        var org = await Acme.SeedAsync();
        var result = await org.RoleChanges.RequestAsync(Ada, Id, Stranger, OrgRole.Viewer);
        Assert.Equal(new MemberNotFound(Id, Stranger), result.Refusal);
    }

    [Fact]
    public async Task Asking_for_what_is_already_so_is_refused_as_no_change()
    {
        var org = await Acme.SeedAsync();
        Assert.IsType<NoChange>((await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Member)).Refusal);
        Assert.IsType<NoChange>((await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Ken)).Refusal);
        Assert.IsType<NoChange>((await org.RoleChanges.RequestReactivationAsync(Ada, Id, Grace)).Refusal);
    }

    [Fact]
    public async Task The_role_of_a_deactivated_member_cannot_change()
    {
        var org = await Acme.SeedAsync();
        var result = await org.RoleChanges.RequestAsync(Ada, Id, Ken, OrgRole.Admin);
        Assert.Equal(new TargetDeactivated(Id, Ken), result.Refusal);
    }

    [Fact]
    public async Task The_last_active_admin_can_be_neither_demoted_nor_deactivated_even_by_themself()
    {
        var org = await Acme.SeedAsync();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Member));

        Assert.Equal(new LastActiveAdmin(Id, Ada), (await org.RoleChanges.RequestAsync(Ada, Id, Ada, OrgRole.Member)).Refusal);
        Assert.Equal(new LastActiveAdmin(Id, Ada), (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Ada)).Refusal);
        Assert.Equal(1, await org.ActiveAdminsAsync());
    }

    [Fact]
    public async Task An_admin_may_demote_themself_while_another_admin_remains()
    {
        var org = await Acme.SeedAsync();
        var applied = await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Ada, OrgRole.Viewer));
        Assert.Equal(OrgRole.Viewer, applied.Membership.Role);
        Assert.Equal(1, await org.ActiveAdminsAsync());
    }
}
