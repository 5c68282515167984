using Xunit;
using static Vectice.Organization.Testing.OrganizationUnderTest;

namespace Vectice.Organization.Testing;

/// <summary>
/// The admin flow through the services, on the store under test: every rule of the SDK must hold
/// on it exactly as on the in-memory store.
/// </summary>
/// <typeparam name="TFixture">The store under test.</typeparam>
public abstract class RoleChangeFlowSpecification<TFixture> : StoreSpecification<TFixture>
    where TFixture : StoreFixture
{
    /// <summary>Creates the suite over <paramref name="fixture"/>.</summary>
    /// <param name="fixture">The store under test.</param>
    protected RoleChangeFlowSpecification(TFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>A request stores the pending change and nothing about the member.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_request_stores_the_pending_change_and_nothing_else()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var audit = await org.AuditAsync();

        var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

        Assert.Equal(pending, await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None));
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(audit, await org.AuditAsync());
    }

    /// <summary>A confirm applies the change, closes it and writes exactly one audit entry; a second confirm is refused.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_confirm_applies_once_with_one_audit_entry()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

        var first = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        var second = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);

        Assert.True(first.IsSuccess, first.Refusal?.Reason);
        Assert.Equal(RefusalCode.PendingChangeClosed, second.Refusal?.Code);
        Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(PendingChangeStatus.Applied, (await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None))!.Status);
        var entry = Assert.Single(await org.AuditAsync(), e => e.PendingChangeId == pending.Id);
        Assert.Equal((AuditAction.RoleChanged, Ada, Grace, pending.From, pending.To), (entry.Action, entry.Actor, entry.Target, entry.Before!.Value, entry.After));
        Assert.Equal(3, await org.ActiveAdminsAsync());
    }

    /// <summary>Deactivation and reactivation go through the same two steps, and a deactivated Admin can do nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Deactivation_takes_every_permission_and_reactivation_gives_it_back()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var deactivate = (await org.RoleChanges.RequestDeactivationAsync(Ada, org.Id, Alan)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, deactivate.Id)).GetValueOrThrow();

        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.RoleChanges.RequestAsync(Alan, org.Id, Grace, OrgRole.Viewer)).Refusal?.Code);
        Assert.Equal(1, await org.ActiveAdminsAsync());

        var reactivate = (await org.RoleChanges.RequestReactivationAsync(Ada, org.Id, Alan)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, reactivate.Id)).GetValueOrThrow();
        Assert.Equal(new MembershipState(OrgRole.Admin, MembershipStatus.Active), (await org.MemberAsync(Alan))!.State);
    }

    /// <summary>The last active Admin is kept at request time and at confirm time.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task The_last_active_admin_is_kept()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var demoteSelf = await org.RequestAsync(Ada, Ada, OrgRole.Member);
        var demoteAlan = await org.RequestAsync(Ada, Alan, OrgRole.Member);
        (await org.RoleChanges.ConfirmAsync(Ada, demoteAlan.Id)).GetValueOrThrow();

        Assert.Equal(RefusalCode.LastActiveAdmin, (await org.RoleChanges.ConfirmAsync(Ada, demoteSelf.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.LastActiveAdmin, (await org.RoleChanges.RequestDeactivationAsync(Ada, org.Id, Ada)).Refusal?.Code);
        Assert.Equal(1, await org.ActiveAdminsAsync());
    }

    /// <summary>Stale, expired, cancelled and foreign confirms are refused and change nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Stale_expired_cancelled_and_foreign_confirms_change_nothing()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var stale = await org.RequestAsync(Ada, Grace, OrgRole.Viewer);
        var cancelled = await org.RequestAsync(Ada, Linus, OrgRole.Member);
        var expired = await org.RequestAsync(Ada, Linus, OrgRole.Admin);
        var foreign = await org.RequestAsync(Alan, Grace, OrgRole.Admin);
        (await org.RoleChanges.ConfirmAsync(Alan, foreign.Id)).GetValueOrThrow();
        (await org.RoleChanges.CancelAsync(Ada, cancelled.Id)).GetValueOrThrow();
        var audit = await org.AuditAsync();

        Assert.Equal(RefusalCode.StaleChange, (await org.RoleChanges.ConfirmAsync(Ada, stale.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.PendingChangeClosed, (await org.RoleChanges.ConfirmAsync(Ada, cancelled.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.PendingChangeNotFound, (await org.RoleChanges.ConfirmAsync(Stranger, expired.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.ConfirmerNotAllowed, (await org.RoleChanges.ConfirmAsync(Alan, expired.Id)).Refusal?.Code);
        org.Clock.Advance(expired.ExpiresAt - org.Clock.GetUtcNow());
        Assert.Equal(RefusalCode.PendingChangeExpired, (await org.RoleChanges.ConfirmAsync(Ada, expired.Id)).Refusal?.Code);

        Assert.Equal(audit, await org.AuditAsync());
        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Linus))!.Role);
    }

    /// <summary>The lists read through the directory: the users list for members, the rest for Admins; outsiders learn nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task The_directory_reads_the_store_for_those_allowed()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

        Assert.Equal(4, (await org.Directory.ListMembersAsync(Ada, org.Id)).GetValueOrThrow().Items.Count);
        Assert.Equal([pending], (await org.Directory.ListPendingChangesAsync(Ada, org.Id)).GetValueOrThrow().Items);
        Assert.Equal(4, (await org.Directory.ListAuditEntriesAsync(Ada, org.Id)).GetValueOrThrow().Items.Count);
        Assert.Equal(4, (await org.Directory.ListMembersAsync(Linus, org.Id)).GetValueOrThrow().Items.Count);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.Directory.ListPendingChangesAsync(Grace, org.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.OrganizationNotFound, (await org.Directory.ListAuditEntriesAsync(Stranger, org.Id)).Refusal?.Code);
    }

    /// <summary>
    /// Settings read back as changed, with their audit entry; under four-eyes a promotion is confirmed
    /// by a second Admin and the audit entry names requester and confirmer.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Settings_and_four_eyes_hold_on_the_store()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var settings = new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: true, FourEyesPolicy.AdminGrants);

        (await org.Settings.ChangeAsync(Ada, org.Id, settings)).GetValueOrThrow();
        var promote = await org.RequestAsync(Ada, Grace, OrgRole.Admin);
        Assert.Equal(RefusalCode.ConfirmerNotAllowed, (await org.RoleChanges.ConfirmAsync(Ada, promote.Id)).Refusal?.Code);
        (await org.RoleChanges.ConfirmAsync(Alan, promote.Id)).GetValueOrThrow();

        Assert.Equal(settings, (await org.Store.LoadSnapshotAsync(org.Id, Ada, Ada, null, CancellationToken.None))!.Organization.Settings);
        var trail = await org.AuditAsync();
        var changed = Assert.Single(trail, e => e.Action == AuditAction.SettingsChanged);
        Assert.Equal((default(OrganizationSettings), settings), (changed.SettingsBefore!.Value, changed.SettingsAfter!.Value));
        Assert.Equal((Alan, Ada), (trail[^1].Actor, trail[^1].RequestedBy!.Value));
    }

    /// <summary>
    /// One Admin cannot defeat four-eyes alone: switching it off directly is refused; a request to switch
    /// it off is confirmed by another Admin only; and a grant requested under four-eyes still needs
    /// another Admin once four-eyes is off. Every step is on the store, and the organization ends with
    /// the grant unconfirmed by its requester.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task One_admin_alone_cannot_defeat_four_eyes()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var on = new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants);
        var off = on with { FourEyes = FourEyesPolicy.Off };
        (await org.Settings.ChangeAsync(Ada, org.Id, on)).GetValueOrThrow();
        var grant = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

        Assert.Equal(new FourEyesRequired(org.Id, Ada) { Settings = off }, (await org.Settings.ChangeAsync(Ada, org.Id, off)).Refusal);
        var weaken = (await org.Settings.RequestChangeAsync(Ada, org.Id, off)).GetValueOrThrow();
        Assert.Equal((ChangeKind.ChangeSettings, (OrganizationSettings?)on, (OrganizationSettings?)off, FourEyesPolicy.AdminGrants), (weaken.Kind, weaken.SettingsBefore, weaken.SettingsAfter, weaken.FourEyesAtRequest));
        Assert.Equal(weaken, await org.Store.FindPendingChangeAsync(weaken.Id, CancellationToken.None));
        Assert.Equal(new ConfirmerNotAllowed(weaken.Id, Ada, Ada, NeedsSecondAdmin: true), (await org.RoleChanges.ConfirmAsync(Ada, weaken.Id)).Refusal);
        Assert.Equal(on, await SettingsAsync(org));

        (await org.RoleChanges.ConfirmAsync(Alan, weaken.Id)).GetValueOrThrow();
        Assert.Equal(off, await SettingsAsync(org));
        Assert.Equal(new ConfirmerNotAllowed(grant.Id, Ada, Ada, NeedsSecondAdmin: true), (await org.RoleChanges.ConfirmAsync(Ada, grant.Id)).Refusal);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);

        var entry = (await org.AuditAsync()).Single(e => e.PendingChangeId == weaken.Id);
        Assert.Equal((AuditAction.SettingsChanged, Alan, (UserId?)Ada, (OrganizationSettings?)on, (OrganizationSettings?)off), (entry.Action, entry.Actor, entry.RequestedBy, entry.SettingsBefore, entry.SettingsAfter));
        (await org.RoleChanges.ConfirmAsync(Alan, grant.Id)).GetValueOrThrow();
    }

    /// <summary>
    /// No organization is born without a path to a second Admin: four-eyes with a lone founder is
    /// refused by name and nothing is stored; with two founders it is created, both active Admins.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Four_eyes_needs_two_founders()
    {
        SkipIfUnavailable();
        await using var scope = Fixture.OpenScope();
        var org = OrganizationUnderTest.Create(scope.Store);
        var fourEyes = new OrganizationSettings(false, false, FourEyesPolicy.AllChanges);

        Assert.Equal(new TooFewAdmins(org.Id, 1, 2), (await org.Provisioning.CreateOrganizationAsync(org.Id, "Stuck", Profile(Ada), fourEyes)).Refusal);
        Assert.Null(await scope.Store.LoadSnapshotAsync(org.Id, Ada, Ada, null, CancellationToken.None));

        (await org.Provisioning.CreateOrganizationAsync(org.Id, "Paired", Profile(Ada), fourEyes, [Profile(Alan)])).GetValueOrThrow();
        Assert.Equal(2, await org.ActiveAdminsAsync());
        Assert.Equal(fourEyes, await SettingsAsync(org));
        Assert.Equal([(Ada, Ada), (Ada, Alan)], (await org.AuditAsync()).Select(e => (e.Actor, e.Target)));
        Assert.All(await org.AuditAsync(), e => Assert.Equal(AuditAction.OrganizationCreated, e.Action));
    }

    /// <summary>
    /// Creating an organization that exists is refused as existing, even when everything the creation
    /// would write is what the first one wrote (same founder, same name, same instant): a store that reads
    /// back a failed commit must not take the first creation for its own.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Creating_an_organization_again_at_the_same_instant_is_refused_as_existing()
    {
        SkipIfUnavailable();
        await using var scope = Fixture.OpenScope();
        var org = OrganizationUnderTest.Create(scope.Store);
        (await org.Provisioning.CreateOrganizationAsync(org.Id, "Twice", Profile(Ada))).GetValueOrThrow();

        var again = await org.Provisioning.CreateOrganizationAsync(org.Id, "Twice", Profile(Ada));

        Assert.Equal(new OrganizationAlreadyExists(org.Id), again.Refusal);
        Assert.Single(await org.AuditAsync());
    }

    /// <summary>
    /// An Admin of one organization can neither see, request in, confirm nor cancel in another, whatever
    /// ids it passes, and the refusal is the one a non-existent organization or change gets.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Another_organizations_admin_learns_and_changes_nothing()
    {
        var (scope, ours) = await SeededAsync();
        await using var _ = scope;
        var theirs = OrganizationUnderTest.Create(scope.Store);
        var theirAdmin = new UserId($"admin-{theirs.Id.Value}");
        await theirs.Provisioning.CreateOrganizationAsync(theirs.Id, "Theirs", Profile(theirAdmin));
        await theirs.Provisioning.AddMemberAsync(theirAdmin, theirs.Id, Profile(Grace), OrgRole.Member);
        var theirChange = (await theirs.RoleChanges.RequestAsync(theirAdmin, theirs.Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var nowhere = new OrganizationId($"nowhere-{Guid.NewGuid():N}");
        var before = await DescribeAsync(theirs, theirAdmin);

        // Ada administers "ours"; everything she tries on "theirs" reads as if it did not exist.
        Assert.Equal(Code(await ours.Directory.ListMembersAsync(Ada, nowhere)), Code(await ours.Directory.ListMembersAsync(Ada, theirs.Id)));
        Assert.Equal(Code(await ours.Directory.ListAuditEntriesAsync(Ada, nowhere)), Code(await ours.Directory.ListAuditEntriesAsync(Ada, theirs.Id)));
        Assert.Equal(Code(await ours.Directory.ListPendingChangesAsync(Ada, nowhere)), Code(await ours.Directory.ListPendingChangesAsync(Ada, theirs.Id)));
        Assert.Equal(RefusalCode.OrganizationNotFound, (await ours.RoleChanges.RequestAsync(Ada, theirs.Id, Grace, OrgRole.Viewer)).Refusal?.Code);
        Assert.Equal(RefusalCode.OrganizationNotFound, (await ours.Provisioning.AddMemberAsync(Ada, theirs.Id, Profile(Ada), OrgRole.Admin)).Refusal?.Code);
        Assert.Equal(
            (await ours.RoleChanges.ConfirmAsync(Ada, PendingChangeId.New(theirs.Id))).Refusal?.Code,
            (await ours.RoleChanges.ConfirmAsync(Ada, theirChange.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.PendingChangeNotFound, (await ours.RoleChanges.CancelAsync(Ada, theirChange.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.PendingChangeNotFound, (await ours.Directory.FindPendingChangeAsync(Ada, theirChange.Id)).Refusal?.Code);

        Assert.Equal(before, await DescribeAsync(theirs, theirAdmin));
    }

    private static async Task<OrganizationSettings> SettingsAsync(OrganizationUnderTest org) =>
        (await org.Store.LoadSnapshotAsync(org.Id, Ada, Ada, null, CancellationToken.None))!.Organization.Settings;

    private static RefusalCode? Code<T>(PageResult<T> result) => result.Refusal?.Code;

    private static async Task<string> DescribeAsync(OrganizationUnderTest org, UserId admin)
    {
        var members = (await org.Directory.ListMembersAsync(admin, org.Id)).GetValueOrThrow().Items;
        var pending = (await org.Directory.ListPendingChangesAsync(admin, org.Id)).GetValueOrThrow().Items;
        var audit = (await org.Directory.ListAuditEntriesAsync(admin, org.Id)).GetValueOrThrow().Items;
        return $"{string.Join(",", members)}|{string.Join(",", pending)}|{audit.Count}";
    }
}
