using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class SettingsAndFourEyesTests
{
    private static readonly OrganizationSettings AdminGrants = new(false, false, FourEyesPolicy.AdminGrants);
    private static readonly OrganizationSettings AllChanges = new(false, false, FourEyesPolicy.AllChanges);

    [Fact]
    public async Task An_admin_changes_the_settings_audited_and_permissions_follow_at_once()
    {
        var org = await Acme.SeedAsync();
        Assert.IsType<NotPermitted>((await org.Provisioning.AddMemberAsync(Grace, Id, Profile(Stranger), OrgRole.Viewer)).Refusal);
        org.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true));

        Assert.True(result.TryGetValue(out var organization, out _));
        Assert.True(organization.Settings.MembersCanInviteColleagues);
        (await org.Provisioning.AddMemberAsync(Grace, Id, Profile(Stranger), OrgRole.Viewer)).GetValueOrThrow();
        var entry = (await org.AuditAsync()).Single(e => e.Action == AuditAction.SettingsChanged);
        Assert.Equal((Ada, Ada, Start.AddMinutes(1)), (entry.Actor, entry.Target, entry.At));
        Assert.Equal((default(OrganizationSettings), organization.Settings), (entry.SettingsBefore!.Value, entry.SettingsAfter!.Value));
    }

    [Fact]
    public async Task Only_active_admins_change_settings_and_the_same_settings_change_nothing()
    {
        var org = await Acme.SeedAsync();
        var audit = await org.AuditAsync();

        Assert.Equal(new NotAnActiveAdmin(Id, Grace), (await org.Settings.ChangeAsync(Grace, Id, AdminGrants)).Refusal);
        Assert.Equal(new OrganizationNotFound(Id), (await org.Settings.ChangeAsync(Stranger, Id, AdminGrants)).Refusal);
        (await org.Settings.ChangeAsync(Ada, Id, default)).GetValueOrThrow();
        Assert.Equal(audit, await org.AuditAsync());
    }

    [Fact]
    public async Task Four_eyes_cannot_be_turned_on_with_a_single_admin()
    {
        var org = Acme.Create();
        await org.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada));

        Assert.Equal(new TooFewAdmins(Id, 1, 2), (await org.Settings.ChangeAsync(Ada, Id, AdminGrants)).Refusal);
    }

    [Fact]
    public async Task Under_admin_grants_a_promotion_needs_another_admin_and_the_audit_names_both()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants);
        var promote = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();

        var byRequester = await org.RoleChanges.ConfirmAsync(Ada, promote.Id);
        var bySecondAdmin = await org.RoleChanges.ConfirmAsync(Alan, promote.Id);

        Assert.Equal(new ConfirmerNotAllowed(promote.Id, Ada, Ada, NeedsSecondAdmin: true), byRequester.Refusal);
        Assert.Contains("four eyes", byRequester.Refusal!.Reason, StringComparison.Ordinal);
        bySecondAdmin.GetValueOrThrow();
        var entry = (await org.AuditAsync())[^1];
        Assert.Equal((Alan, Ada), (entry.Actor, entry.RequestedBy!.Value));
    }

    [Fact]
    public async Task Under_admin_grants_other_changes_are_confirmed_by_their_requester()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants);

        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer));
        var byOther = await org.RoleChanges.ConfirmAsync(Alan, (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow().Id);

        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Grace))!.Role);
        Assert.IsType<ConfirmerNotAllowed>(byOther.Refusal);
    }

    [Fact]
    public async Task Under_all_changes_every_change_needs_another_admin()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AllChanges);
        var demote = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();

        Assert.IsType<ConfirmerNotAllowed>((await org.RoleChanges.ConfirmAsync(Ada, demote.Id)).Refusal);
        (await org.RoleChanges.ConfirmAsync(Alan, demote.Id)).GetValueOrThrow();
    }

    [Fact]
    public async Task Under_four_eyes_the_organization_keeps_two_active_admins()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants);

        var refusal = (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Alan)).Refusal;

        Assert.Equal(new LastActiveAdmin(Id, Alan, Minimum: 2), refusal);
        Assert.Contains("at least 2 active Admins", refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, await org.ActiveAdminsAsync());
    }

    [Fact]
    public async Task Under_four_eyes_admins_are_not_added_directly()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants);

        Assert.Equal(new FourEyesRequired(Id, Ada), (await org.Provisioning.AddMemberAsync(Ada, Id, Profile(Stranger), OrgRole.Admin)).Refusal);
        (await org.Provisioning.AddMemberAsync(Ada, Id, Profile(Stranger), OrgRole.Member)).GetValueOrThrow();
    }

    [Fact]
    public async Task Four_eyes_is_weakened_only_by_a_request_another_admin_confirms_and_strengthened_directly()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AllChanges);
        var weaker = AllChanges with { FourEyes = FourEyesPolicy.AdminGrants };

        Assert.Equal(new FourEyesRequired(Id, Ada) { Settings = weaker }, (await org.Settings.ChangeAsync(Ada, Id, weaker)).Refusal);
        Assert.Contains("confirmed by another active Admin", (await org.Settings.ChangeAsync(Ada, Id, weaker)).Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(new ConfirmationNotNeeded(Id, AllChanges with { MembersCanInviteColleagues = true }), (await org.Settings.RequestChangeAsync(Ada, Id, AllChanges with { MembersCanInviteColleagues = true })).Refusal);
        Assert.Equal(new ConfirmationNotNeeded(Id, AllChanges), (await org.Settings.RequestChangeAsync(Ada, Id, AllChanges)).Refusal);
        Assert.Equal(new NotAnActiveAdmin(Id, Grace), (await org.Settings.RequestChangeAsync(Grace, Id, weaker)).Refusal);
        (await org.Settings.ChangeAsync(Ada, Id, AllChanges with { MembersCanInviteColleagues = true })).GetValueOrThrow();

        var request = (await org.Settings.RequestChangeAsync(Ada, Id, weaker with { MembersCanInviteColleagues = true })).GetValueOrThrow();
        Assert.IsType<ConfirmerNotAllowed>((await org.RoleChanges.ConfirmAsync(Ada, request.Id)).Refusal);
        var applied = (await org.RoleChanges.ConfirmAsync(Alan, request.Id)).GetValueOrThrow();

        Assert.Equal((PendingChangeStatus.Applied, Ada), (applied.PendingChange.Status, applied.Membership.UserId));
        Assert.Equal(FourEyesPolicy.AdminGrants, (await org.Store.LoadSnapshotAsync(Id, Ada, Ada, null, default))!.Organization.Settings.FourEyes);
        (await org.Settings.ChangeAsync(Ada, Id, AllChanges)).GetValueOrThrow();
    }

    [Fact]
    public async Task A_settings_request_is_stale_once_the_settings_moved_and_can_be_cancelled()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants);
        var stale = (await org.Settings.RequestChangeAsync(Ada, Id, default)).GetValueOrThrow();
        var cancelled = (await org.Settings.RequestChangeAsync(Ada, Id, default)).GetValueOrThrow();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants with { MembersCanCreateWorkspaces = true });

        var refused = (await org.RoleChanges.ConfirmAsync(Alan, stale.Id)).Refusal;

        Assert.Equal(RefusalCode.StaleChange, refused?.Code);
        Assert.Equal(AdminGrants with { MembersCanCreateWorkspaces = true }, ((StaleChange)refused!).Settings);
        Assert.Contains("settings changed", refused.Reason, StringComparison.Ordinal);
        (await org.RoleChanges.CancelAsync(Alan, cancelled.Id)).GetValueOrThrow();
        Assert.Equal(FourEyesPolicy.AdminGrants, (await org.Store.LoadSnapshotAsync(Id, Ada, Ada, null, default))!.Organization.Settings.FourEyes);
    }

    [Fact]
    public async Task Turning_four_eyes_on_lets_no_admin_complete_alone_a_grant_another_only_drafted()
    {
        var org = await Acme.SeedAsync();
        var draft = (await org.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        Assert.IsType<ConfirmerNotAllowed>((await org.RoleChanges.ConfirmAsync(Ada, draft.Id)).Refusal);

        (await org.Settings.ChangeAsync(Ada, Id, AdminGrants)).GetValueOrThrow();
        var byAda = await org.RoleChanges.ConfirmAsync(Ada, draft.Id);
        var byAlan = await org.RoleChanges.ConfirmAsync(Alan, draft.Id);

        Assert.Equal(AdminGrants, Assert.IsType<StaleChange>(byAda.Refusal).Settings);
        Assert.IsType<StaleChange>(byAlan.Refusal);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
        var again = (await org.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        Assert.Equal(FourEyesPolicy.AdminGrants, again.FourEyesAtRequest);
        (await org.RoleChanges.ConfirmAsync(Ada, again.Id)).GetValueOrThrow();
    }

    [Fact]
    public async Task A_change_requested_under_four_eyes_keeps_needing_a_second_admin_once_it_is_off()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, AdminGrants);
        var grant = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var off = (await org.Settings.RequestChangeAsync(Ada, Id, default)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Alan, off.Id)).GetValueOrThrow();

        Assert.Equal(new ConfirmerNotAllowed(grant.Id, Ada, Ada, NeedsSecondAdmin: true), (await org.RoleChanges.ConfirmAsync(Ada, grant.Id)).Refusal);
        (await org.RoleChanges.ConfirmAsync(Alan, grant.Id)).GetValueOrThrow();
    }

    [Fact]
    public async Task An_organization_left_with_one_admin_under_four_eyes_by_older_data_keeps_a_path_to_a_second_admin()
    {
        // Written straight to the store, as an earlier version allowed: four-eyes with a lone Admin.
        var org = Acme.Create();
        var legacy = new OrganizationInfo(Id, "Legacy", AdminGrants, version: 1);
        Membership ada = new(Id, Profile(Ada), OrgRole.Admin, MembershipStatus.Active), grace = new(Id, Profile(Grace), OrgRole.Member, MembershipStatus.Active);
        Assert.Equal(Stores.CommitOutcome.Committed, await org.Store.CommitAsync(new Stores.OrganizationCommit { Organization = legacy, AddedMemberships = [ada, grace] }, default));

        (await org.Settings.ChangeAsync(Ada, Id, default)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));

        Assert.Equal(2, await org.ActiveAdminsAsync());
        Assert.Equal((AdminGrants, default(OrganizationSettings)), ((await org.AuditAsync())[0].SettingsBefore!.Value, (await org.AuditAsync())[0].SettingsAfter!.Value));
    }

    [Fact]
    public async Task An_organization_with_four_eyes_is_created_with_two_founders_or_refused()
    {
        var org = Acme.Create();

        Assert.Equal(new TooFewAdmins(Id, 1, 2), (await org.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada), AdminGrants)).Refusal);
        Assert.Null(await org.Store.LoadSnapshotAsync(Id, Ada, Ada, null, default));
        (await org.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada), AdminGrants, [Profile(Alan)])).GetValueOrThrow();
        Assert.Equal(2, await org.ActiveAdminsAsync());
    }

    [Fact]
    public void The_policy_decides_which_changes_need_a_second_admin()
    {
        PendingChange Change(MembershipState from, MembershipState to) => new()
        {
            Id = PendingChangeId.New(Id), OrganizationId = Id, Target = Grace, Kind = ChangeKind.ChangeRole, From = from, To = to,
            RequestedBy = Ada, RequestedAt = Start, ExpiresAt = Start,
        };
        var member = new MembershipState(OrgRole.Member, MembershipStatus.Active);
        var admin = new MembershipState(OrgRole.Admin, MembershipStatus.Active);
        var deactivatedAdmin = new MembershipState(OrgRole.Admin, MembershipStatus.Deactivated);

        Assert.True(AdminGrants.NeedsSecondAdmin(Change(member, admin)));
        Assert.True(AdminGrants.NeedsSecondAdmin(Change(deactivatedAdmin, admin)));
        Assert.False(AdminGrants.NeedsSecondAdmin(Change(admin, member)));
        Assert.True(AllChanges.NeedsSecondAdmin(Change(admin, member)));
        Assert.False(default(OrganizationSettings).NeedsSecondAdmin(Change(member, admin)));
        Assert.Equal((1, 2, 2), (default(OrganizationSettings).MinimumActiveAdmins, AdminGrants.MinimumActiveAdmins, AllChanges.MinimumActiveAdmins));

        // What a change was requested under is kept: switching four-eyes off later does not lift it.
        Assert.True((Change(member, admin) with { FourEyesAtRequest = FourEyesPolicy.AdminGrants }).NeedsSecondAdmin);
        Assert.False((Change(admin, member) with { FourEyesAtRequest = FourEyesPolicy.AdminGrants }).NeedsSecondAdmin);
        Assert.False(Change(member, admin).NeedsSecondAdmin);

        PendingChange Settings(FourEyesPolicy to) => Change(admin, admin) with { Kind = ChangeKind.ChangeSettings, SettingsAfter = new OrganizationSettings(false, false, to) };
        Assert.True(AdminGrants.NeedsSecondAdmin(Settings(FourEyesPolicy.Off)));
        Assert.False(AdminGrants.NeedsSecondAdmin(Settings(FourEyesPolicy.AllChanges)));
        Assert.True(AllChanges.NeedsSecondAdmin(Settings(FourEyesPolicy.AdminGrants)));
        Assert.True((Settings(FourEyesPolicy.Off) with { FourEyesAtRequest = FourEyesPolicy.AdminGrants }).NeedsSecondAdmin);
    }
}
