using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class BulkChangeTests
{
    private static readonly UserId Mary = new("mary");

    [Fact]
    public async Task A_bulk_request_saves_nothing_and_its_confirm_applies_every_member_with_an_entry_each()
    {
        var org = await Acme.SeedAsync();
        await org.AddAsync(Mary, OrgRole.Member);
        var audit = await org.AuditAsync();

        var requested = await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Linus, Mary], OrgRole.Admin);

        Assert.True(requested.TryGetValue(out var pending, out _));
        Assert.Equal(ChangeKind.BulkChangeRole, pending.Kind);
        Assert.Equal([Grace, Linus, Mary], pending.Members!.Select(m => m.Member));
        Assert.Equal([OrgRole.Member, OrgRole.Viewer, OrgRole.Member], pending.Members!.Select(m => m.From.Role));
        Assert.Equal(audit, await org.AuditAsync());
        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Linus))!.Role);

        (await org.RoleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();

        Assert.All([Grace, Linus, Mary], u => Assert.Equal(OrgRole.Admin, org.MemberAsync(u).Result!.Role));
        var entries = (await org.AuditAsync()).Skip(audit.Count).ToList();
        Assert.Equal([Grace, Linus, Mary], entries.Select(e => e.Target));
        Assert.All(entries, e => Assert.Equal((AuditAction.RoleChanged, pending.Id, Ada), (e.Action, e.PendingChangeId!.Value, e.RequestedBy!.Value)));
        Assert.Equal(5, await org.ActiveAdminsAsync());
    }

    [Fact]
    public async Task The_second_admin_confirms_exactly_the_members_that_were_requested_and_shown()
    {
        var org = await Acme.SeedAsync();
        (await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants))).GetValueOrThrow();
        var pending = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace], OrgRole.Admin)).GetValueOrThrow();
        var shown = (await org.Directory.FindPendingChangeAsync(Alan, pending.Id)).GetValueOrThrow();

        // The in-memory store hands out the object the request returned: whoever holds it cannot change the list in it.
        var members = Assert.IsAssignableFrom<IList<MemberTransition>>(pending.Members);
        Assert.Throws<NotSupportedException>(() => members[0] = new MemberTransition(Linus, new MembershipState(OrgRole.Viewer, MembershipStatus.Active)));
        (await org.RoleChanges.ConfirmAsync(Alan, pending.Id)).GetValueOrThrow();

        Assert.Equal([Grace], shown.Members!.Select(m => m.Member));
        Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Linus))!.Role);
    }

    [Fact]
    public async Task A_refused_bulk_request_names_every_member_that_caused_it_and_stores_nothing()
    {
        var org = await Acme.SeedAsync();
        var pendingBefore = (await org.Directory.ListPendingChangesAsync(Ada, Id)).GetValueOrThrow().Items;

        var refusal = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Stranger, Ken, Linus], OrgRole.Viewer)).Refusal;

        var refused = Assert.IsType<BulkChangeRefused>(refusal);
        Assert.Equal(
            [(Stranger, RefusalCode.MemberNotFound), (Ken, RefusalCode.TargetDeactivated), (Linus, RefusalCode.NoChange)],
            refused.Members.Select(m => (m.Member, m.Refusal.Code)));
        Assert.Contains("'stranger': MemberNotFound", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(pendingBefore, (await org.Directory.ListPendingChangesAsync(Ada, Id)).GetValueOrThrow().Items);
    }

    [Fact]
    public async Task The_last_admin_rule_applies_to_the_combined_effect()
    {
        var org = await Acme.SeedAsync();

        (await org.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Member)).GetValueOrThrow();
        Assert.Equal(new LastActiveAdmin(Id, Ada), (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Ada, Alan], OrgRole.Member)).Refusal);
    }

    [Fact]
    public async Task A_bulk_confirm_is_all_or_nothing_and_stale_if_any_member_moved()
    {
        var org = await Acme.SeedAsync();
        var bulk = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Linus], OrgRole.Admin)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member));
        var audit = await org.AuditAsync();

        var refusal = Assert.IsType<StaleChange>((await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).Refusal);

        Assert.Equal([Linus], refusal.Members);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(audit, await org.AuditAsync());
    }

    [Fact]
    public async Task Under_four_eyes_a_bulk_promotion_needs_another_admin()
    {
        var org = await Acme.SeedAsync();
        await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants));
        var bulk = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Linus], OrgRole.Admin)).GetValueOrThrow();

        Assert.IsType<ConfirmerNotAllowed>((await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).Refusal);
        (await org.RoleChanges.ConfirmAsync(Alan, bulk.Id)).GetValueOrThrow();
    }

    [Fact]
    public async Task Only_active_admins_request_bulk_changes()
    {
        var org = await Acme.SeedAsync();

        Assert.Equal(new NotAnActiveAdmin(Id, Grace), (await org.RoleChanges.RequestBulkAsync(Grace, Id, [Linus], OrgRole.Member)).Refusal);
        Assert.Equal(new OrganizationNotFound(Id), (await org.RoleChanges.RequestBulkAsync(Stranger, Id, [Linus], OrgRole.Member)).Refusal);
    }

    [Fact]
    public async Task Bad_lists_are_refused_naming_the_parameter()
    {
        var org = await Acme.SeedAsync();
        var tooMany = Enumerable.Range(0, PendingChange.MaxBulkMembers + 1).Select(i => new UserId($"u{i}")).ToArray();

        foreach (var targets in new[] { [], [Grace, Grace], tooMany })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await org.RoleChanges.RequestBulkAsync(Ada, Id, targets, OrgRole.Viewer));
            Assert.Equal("targets", error.ParamName);
        }

        Assert.Empty((await org.Directory.ListPendingChangesAsync(Ada, Id)).GetValueOrThrow().Items);
    }
}
