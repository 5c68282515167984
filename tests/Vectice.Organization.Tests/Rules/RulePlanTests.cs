namespace Vectice.Organization.Tests.Rules;

/// <summary>
/// The rules answer with what to write, not only whether: a confirmation's plan names its write and
/// carries what the commit is made from, and a bulk request's decision carries every member it moves.
/// The services build their commits from these alone; a pending change the plan cannot be made from
/// (a store's malformed data) is refused as bad input.
/// </summary>
public sealed class RulePlanTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly MembershipState ActiveAdmin = new(OrgRole.Admin, MembershipStatus.Active);
    private static readonly Membership Ada = Member("ada", OrgRole.Admin);
    private static readonly Membership Alan = Member("alan", OrgRole.Admin);
    private static readonly Membership Grace = Member("grace", OrgRole.Member);
    private static readonly Membership Linus = Member("linus", OrgRole.Viewer);

    [Fact]
    public void A_single_change_is_planned_as_its_target_moving()
    {
        var organization = Organization(FourEyesPolicy.Off);
        var pending = Pending(ChangeKind.ChangeRole, Grace, Grace.State, ActiveAdmin);
        var snapshot = new OrganizationSnapshot(organization, Ada, Grace, ActiveAdminCount: 2, pending);

        var plan = MembershipRules.DecideConfirmation(snapshot, pending.Id, Ada.UserId, At);

        Assert.True(plan.IsAccepted);
        Assert.Null(plan.Refusal);
        Assert.Equal(ConfirmationWrite.Member, plan.Write);
        Assert.Same(pending, plan.Change);
        Assert.Same(organization, plan.Organization);
        Assert.Same(Grace, plan.Target);
        Assert.Null(plan.Members);
    }

    [Fact]
    public void A_bulk_change_is_planned_as_its_members_moving_as_read()
    {
        var organization = Organization(FourEyesPolicy.Off);
        var pending = Pending(ChangeKind.BulkChangeRole, Grace, Grace.State, ActiveAdmin) with
        {
            Members = [new MemberTransition(Grace.UserId, Grace.State), new MemberTransition(Linus.UserId, Linus.State)],
        };
        var snapshot = new OrganizationSnapshot(organization, Ada, Grace, ActiveAdminCount: 2, pending);
        var members = new Dictionary<UserId, Membership> { [Grace.UserId] = Grace, [Linus.UserId] = Linus };

        var plan = MembershipRules.DecideConfirmation(snapshot, pending.Id, Ada.UserId, At, members);

        Assert.Equal(ConfirmationWrite.Members, plan.Write);
        Assert.Same(members, plan.Members);
        Assert.Same(pending, plan.Change);
        Assert.Same(organization, plan.Organization);
    }

    [Fact]
    public void A_settings_change_is_planned_as_the_settings_it_names()
    {
        var organization = Organization(FourEyesPolicy.AdminGrants);
        var pending = Pending(ChangeKind.ChangeSettings, Ada, ActiveAdmin, ActiveAdmin) with
        {
            FourEyesAtRequest = FourEyesPolicy.AdminGrants,
            SettingsBefore = organization.Settings,
            SettingsAfter = organization.Settings with { FourEyes = FourEyesPolicy.Off },
        };
        var snapshot = new OrganizationSnapshot(organization, Alan, Ada, ActiveAdminCount: 2, pending);

        var plan = MembershipRules.DecideConfirmation(snapshot, pending.Id, Alan.UserId, At);

        Assert.Equal(ConfirmationWrite.Settings, plan.Write);
        Assert.Same(pending, plan.Change);
        Assert.Same(Ada, plan.Target);
    }

    [Fact]
    public void A_malformed_pending_change_is_refused_as_bad_input()
    {
        // Only a custom store's malformed data can make these; before the plan, the first was applied as a
        // change of its requester's membership back to its state at request.
        var organization = Organization(FourEyesPolicy.Off);
        var noSettings = Pending(ChangeKind.ChangeSettings, Ada, ActiveAdmin, ActiveAdmin) with { SettingsBefore = organization.Settings };
        var noMembers = Pending(ChangeKind.BulkChangeRole, Grace, Grace.State, ActiveAdmin) with { Members = [] };

        Assert.Equal("snapshot", Assert.Throws<ArgumentException>(() => MembershipRules.DecideConfirmation(new(organization, Ada, Ada, 1, noSettings), noSettings.Id, Ada.UserId, At)).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentException>(() => MembershipRules.DecideConfirmation(new(organization, Ada, Grace, 1, noMembers), noMembers.Id, Ada.UserId, At, new Dictionary<UserId, Membership>())).ParamName);
    }

    [Fact]
    public void A_settings_change_whose_requester_is_no_longer_a_member_is_stale()
    {
        // As a single change's target would be: a host may delete a membership row the SDK never deletes.
        var organization = Organization(FourEyesPolicy.Off);
        var pending = Pending(ChangeKind.ChangeSettings, Ada, ActiveAdmin, ActiveAdmin) with
        {
            SettingsBefore = organization.Settings,
            SettingsAfter = organization.Settings with { MembersCanCreateWorkspaces = true },
        };

        var plan = MembershipRules.DecideConfirmation(new(organization, Ada, null, 1, pending), pending.Id, Ada.UserId, At);

        Assert.Equal(ConfirmationWrite.None, plan.Write);
        Assert.Equal(new StaleChange(pending.Id, ActiveAdmin, null), plan.Refusal);
    }

    [Fact]
    public void The_write_follows_the_kind_of_change_not_the_fields_it_carries()
    {
        // A single change that carries members, or settings, is still one member's change.
        var organization = Organization(FourEyesPolicy.Off);
        var pending = Pending(ChangeKind.ChangeRole, Grace, Grace.State, ActiveAdmin) with
        {
            Members = [new MemberTransition(Linus.UserId, Linus.State)],
            SettingsAfter = organization.Settings with { MembersCanCreateWorkspaces = true },
        };
        var snapshot = new OrganizationSnapshot(organization, Ada, Grace, ActiveAdminCount: 1, pending);

        Assert.Equal(ConfirmationWrite.Member, MembershipRules.DecideConfirmation(snapshot, pending.Id, Ada.UserId, At).Write);
    }

    [Fact]
    public void A_refused_confirmation_plans_no_write_and_a_default_plan_is_not_accepted()
    {
        var pending = Pending(ChangeKind.ChangeRole, Grace, Grace.State, ActiveAdmin);
        var snapshot = new OrganizationSnapshot(Organization(FourEyesPolicy.Off), Ada, Grace, ActiveAdminCount: 1, pending);

        var expired = MembershipRules.DecideConfirmation(snapshot, pending.Id, Ada.UserId, pending.ExpiresAt);

        Assert.Equal(ConfirmationWrite.None, expired.Write);
        Assert.IsType<PendingChangeExpired>(expired.Refusal);
        Assert.False(default(ConfirmationPlan).IsAccepted);
        Assert.Null(default(ConfirmationPlan).Refusal);
    }

    [Fact]
    public void A_bulk_request_is_decided_with_every_member_it_moves_in_the_order_asked()
    {
        var snapshot = new OrganizationSnapshot(Organization(FourEyesPolicy.Off), Ada, Ada, ActiveAdminCount: 1);
        var members = new Dictionary<UserId, Membership> { [Grace.UserId] = Grace, [Linus.UserId] = Linus };

        var decision = MembershipRules.DecideBulkChange(snapshot, [Linus.UserId, Grace.UserId], members, OrgRole.Admin);

        Assert.True(decision.IsAccepted);
        Assert.Equal([new MemberTransition(Linus.UserId, Linus.State), new MemberTransition(Grace.UserId, Grace.State)], decision.Members);
        Assert.Equal(Linus.State, decision.From);
        Assert.Equal(ActiveAdmin, decision.To);
    }

    [Fact]
    public void A_refused_bulk_request_carries_no_members()
    {
        var snapshot = new OrganizationSnapshot(Organization(FourEyesPolicy.Off), Ada, Ada, ActiveAdminCount: 1);
        var members = new Dictionary<UserId, Membership> { [Ada.UserId] = Ada };

        var decision = MembershipRules.DecideBulkChange(snapshot, [Ada.UserId], members, OrgRole.Viewer);

        Assert.False(decision.IsAccepted);
        Assert.IsType<LastActiveAdmin>(decision.Refusal);
        Assert.Null(decision.Members);
    }

    [Fact]
    public void A_single_request_carries_no_members()
    {
        var snapshot = new OrganizationSnapshot(Organization(FourEyesPolicy.Off), Ada, Grace, ActiveAdminCount: 1);

        var decision = MembershipRules.DecideChange(snapshot, MembershipChangeCommand.ChangeRole(Grace.UserId, OrgRole.Viewer));

        Assert.True(decision.IsAccepted);
        Assert.Null(decision.Members);
    }

    [Fact]
    public void A_bulk_request_without_targets_is_refused_as_bad_input()
    {
        var snapshot = new OrganizationSnapshot(Organization(FourEyesPolicy.Off), Ada, Ada, ActiveAdminCount: 1);

        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => MembershipRules.DecideBulkChange(snapshot, [], new Dictionary<UserId, Membership>(), OrgRole.Admin)).ParamName);
    }

    private static Membership Member(string id, OrgRole role) =>
        new(Org, new User(new UserId(id), $"{id}@example.com", id), role, MembershipStatus.Active);

    private static OrganizationInfo Organization(FourEyesPolicy fourEyes) => new(Org, "Acme", new OrganizationSettings(false, false, fourEyes), version: 7);

    private static PendingChange Pending(ChangeKind kind, Membership target, MembershipState from, MembershipState to) => new()
    {
        Id = PendingChangeId.New(Org),
        OrganizationId = Org,
        Target = target.UserId,
        Kind = kind,
        From = from,
        To = to,
        RequestedBy = Ada.UserId,
        RequestedAt = At,
        ExpiresAt = At.AddMinutes(15),
    };
}
