using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class RoleChangeCancelTests
{
    [Fact]
    public async Task Cancel_closes_the_change_without_touching_the_member_or_the_audit_trail()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var audit = await org.AuditAsync();

        var result = await org.RoleChanges.CancelAsync(Ada, pending.Id);

        Assert.True(result.TryGetValue(out var cancelled, out _));
        Assert.Equal((PendingChangeStatus.Cancelled, Ada, Start), (cancelled.Status, cancelled.ClosedBy!.Value, cancelled.ClosedAt!.Value));
        Assert.Equal(cancelled, await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None));
        Assert.Equal(OrgRole.Member, (await org.MemberAsync(Grace))!.Role);
        Assert.Equal(audit, await org.AuditAsync());
    }

    [Fact]
    public async Task Any_active_admin_may_cancel()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        (await org.RoleChanges.CancelAsync(Alan, pending.Id)).GetValueOrThrow();
    }

    [Fact]
    public async Task A_member_may_not_cancel()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Admin)).GetValueOrThrow();
        Assert.Equal(new NotAnActiveAdmin(Id, Grace), (await org.RoleChanges.CancelAsync(Grace, pending.Id)).Refusal);
        Assert.Equal(PendingChangeStatus.Pending, (await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_closed_change_cannot_be_cancelled()
    {
        var org = await Acme.SeedAsync();
        var applied = await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer));
        var cancelled = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        (await org.RoleChanges.CancelAsync(Ada, cancelled.Id)).GetValueOrThrow();

        Assert.Equal(new PendingChangeClosed(applied.PendingChange.Id, PendingChangeStatus.Applied), (await org.RoleChanges.CancelAsync(Ada, applied.PendingChange.Id)).Refusal);
        Assert.Equal(new PendingChangeClosed(cancelled.Id, PendingChangeStatus.Cancelled), (await org.RoleChanges.CancelAsync(Ada, cancelled.Id)).Refusal);
    }

    [Fact]
    public async Task An_unknown_change_cannot_be_cancelled()
    {
        var org = await Acme.SeedAsync();
        var id = PendingChangeId.New(Acme.Id);
        Assert.Equal(new PendingChangeNotFound(id), (await org.RoleChanges.CancelAsync(Ada, id)).Refusal);
    }
}
