using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class RoleChangeConfirmTests
{
    [Fact]
    public async Task Confirm_applies_the_change_closes_it_and_writes_one_audit_entry()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var auditBefore = await org.AuditAsync();
        org.Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);

        Assert.True(result.TryGetValue(out var applied, out _));
        Assert.Equal(OrgRole.Admin, applied.Membership.Role);
        Assert.Equal(PendingChangeStatus.Applied, applied.PendingChange.Status);
        Assert.Equal(Ada, applied.PendingChange.ClosedBy);
        Assert.Equal(Start.AddMinutes(3), applied.PendingChange.ClosedAt);
        Assert.Equal(applied.Membership, await org.MemberAsync(Grace));
        Assert.Equal(3, await org.ActiveAdminsAsync());

        var audit = await org.AuditAsync();
        var entry = Assert.Single(audit.Skip(auditBefore.Count));
        Assert.Equal(auditBefore[^1].Sequence + 1, entry.Sequence);
        Assert.Equal(AuditAction.RoleChanged, entry.Action);
        Assert.Equal((Ada, Grace, pending.Id), (entry.Actor, entry.Target, entry.PendingChangeId!.Value));
        Assert.Equal((pending.From, pending.To), (entry.Before!.Value, entry.After));
        Assert.Equal(Start.AddMinutes(3), entry.At);
    }

    [Fact]
    public async Task Deactivation_and_reactivation_are_audited_as_such()
    {
        var org = await Acme.SeedAsync();
        await org.ApplyAsync(org.RoleChanges.RequestDeactivationAsync(Ada, Id, Grace));
        await org.ApplyAsync(org.RoleChanges.RequestReactivationAsync(Ada, Id, Grace));

        var actions = (await org.AuditAsync()).TakeLast(2).Select(e => e.Action);
        Assert.Equal([AuditAction.MemberDeactivated, AuditAction.MemberReactivated], actions);
        Assert.Equal(MembershipStatus.Active, (await org.MemberAsync(Grace))!.Status);
    }

    [Fact]
    public async Task A_second_confirm_is_refused_and_changes_nothing()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();
        var audit = await org.AuditAsync();

        var second = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);

        Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Applied), second.Refusal);
        Assert.Contains("already applied", second.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal(audit, await org.AuditAsync());
    }

    [Fact]
    public async Task A_confirm_after_cancel_is_refused()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        (await org.RoleChanges.CancelAsync(Ada, pending.Id)).GetValueOrThrow();

        var result = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);

        Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Cancelled), result.Refusal);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
    }

    [Fact]
    public async Task A_change_expires_exactly_at_its_time_to_live()
    {
        var org = await Acme.SeedAsync();
        var early = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        var late = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow();

        org.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        (await org.RoleChanges.ConfirmAsync(Ada, early.Id)).GetValueOrThrow();
        org.Clock.Advance(TimeSpan.FromTicks(1));
        var result = await org.RoleChanges.ConfirmAsync(Ada, late.Id);

        Assert.Equal(new PendingChangeExpired(late.Id, late.ExpiresAt), result.Refusal);
        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Linus))!.Role);
    }

    [Fact]
    public async Task Only_the_requesting_admin_may_confirm()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();

        var result = await org.RoleChanges.ConfirmAsync(Alan, pending.Id);

        Assert.Equal(new ConfirmerNotAllowed(pending.Id, Alan, Ada), result.Refusal);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
    }

    [Fact]
    public async Task An_admin_demoted_after_requesting_cannot_confirm()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Member));

        var result = await org.RoleChanges.ConfirmAsync(Alan, pending.Id);

        Assert.Equal(new NotAnActiveAdmin(Id, Alan), result.Refusal);
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
    }

    [Fact]
    public async Task A_confirm_is_stale_when_the_target_changed_since_the_request()
    {
        var org = await Acme.SeedAsync();
        var toViewer = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));

        var result = await org.RoleChanges.ConfirmAsync(Ada, toViewer.Id);

        Assert.Equal(new StaleChange(toViewer.Id, toViewer.From, new MembershipState(OrgRole.Admin, MembershipStatus.Active)), result.Refusal);
        Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Grace))!.Role);
    }

    [Fact]
    public async Task A_target_changed_and_changed_back_is_as_requested_and_the_confirm_applies_from_that_state()
    {
        // Stale means the state differs, compared by value: the change still moves the member from the
        // state it was requested from to the one requested, and its audit entry says so.
        var org = await Acme.SeedAsync();
        var toViewer = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Member));

        (await org.RoleChanges.ConfirmAsync(Ada, toViewer.Id)).GetValueOrThrow();

        Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(Grace))!.Role);
        var last = (await org.AuditAsync())[^1];
        Assert.Equal((toViewer.Id, (MembershipState?)toViewer.From, toViewer.To), (last.PendingChangeId!.Value, last.Before, last.After));
    }

    [Fact]
    public async Task A_deactivation_confirmed_after_another_is_stale()
    {
        var org = await Acme.SeedAsync();
        var first = (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Grace)).GetValueOrThrow();
        var second = (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Grace)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, first.Id)).GetValueOrThrow();

        Assert.IsType<StaleChange>((await org.RoleChanges.ConfirmAsync(Ada, second.Id)).Refusal);
    }

    [Fact]
    public async Task The_last_admin_rule_is_checked_again_at_confirm_time()
    {
        var org = await Acme.SeedAsync();
        var demoteSelf = (await org.RoleChanges.RequestAsync(Ada, Id, Ada, OrgRole.Member)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Member));

        var result = await org.RoleChanges.ConfirmAsync(Ada, demoteSelf.Id);

        Assert.Equal(new LastActiveAdmin(Id, Ada), result.Refusal);
        Assert.Equal(1, await org.ActiveAdminsAsync());
    }

    [Fact]
    public async Task An_unknown_pending_change_is_not_found()
    {
        var org = await Acme.SeedAsync();
        var id = PendingChangeId.New(Acme.Id);
        Assert.Equal(new PendingChangeNotFound(id), (await org.RoleChanges.ConfirmAsync(Ada, id)).Refusal);
    }

    [Fact]
    public async Task A_non_member_is_told_the_pending_change_was_not_found()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();

        Assert.Equal(new PendingChangeNotFound(pending.Id), (await org.RoleChanges.ConfirmAsync(Stranger, pending.Id)).Refusal);
        Assert.Equal(new PendingChangeNotFound(pending.Id), (await org.RoleChanges.CancelAsync(Stranger, pending.Id)).Refusal);
    }
}
