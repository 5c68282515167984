using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Security;

public sealed class DeactivatedAdminTests
{
    [Fact]
    public async Task A_deactivated_admin_can_do_nothing_at_all()
    {
        var org = await Acme.SeedAsync();
        var theirs = (await org.RoleChanges.RequestAsync(Alan, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestDeactivationAsync(Ada, Id, Alan));
        var audit = await org.AuditAsync();

        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Admin)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.RoleChanges.RequestReactivationAsync(Alan, Id, Alan)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.RoleChanges.ConfirmAsync(Alan, theirs.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.RoleChanges.CancelAsync(Alan, theirs.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotPermitted, (await org.Provisioning.AddMemberAsync(Alan, Id, Profile(Stranger), OrgRole.Viewer)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotAnActiveMember, (await org.Directory.ListMembersAsync(Alan, Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.Directory.ListAuditEntriesAsync(Alan, Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, (await org.Directory.ListPendingChangesAsync(Alan, Id)).Refusal?.Code);
        var alan = (await org.MemberAsync(Alan))!;
        Assert.All(PermissionMatrix.Permissions, p => Assert.False(PermissionMatrix.IsAllowed(alan, p, new OrganizationSettings(true, true))));
        Assert.Equal(audit, await org.AuditAsync());
    }
}
