using Snapshooter.Xunit;

namespace Vectice.Organization.Tests.Domain;

public sealed class PermissionMatrixTests
{
    private static readonly OrganizationSettings NothingAllowed = new(false, false);
    private static readonly OrganizationSettings EverythingAllowed = new(true, true);

    [Fact]
    public void The_matrix_matches_the_approved_snapshot()
    {
        var table = PermissionMatrix.Permissions.ToDictionary(
            permission => permission.ToString(),
            permission => PermissionMatrix.Roles.ToDictionary(role => role.ToString(), role => PermissionMatrix.GetGrant(role, permission).ToString()));
        Snapshot.Match(table);
    }

    [Fact]
    public void The_lists_of_permissions_and_roles_cannot_be_changed_by_anyone_holding_them()
    {
        // They are shared by the whole process: an array behind the interface could be cast and rewritten.
        Assert.Throws<NotSupportedException>(() => ((IList<Permission>)PermissionMatrix.Permissions)[0] = Permission.ManageUsers);
        Assert.Throws<NotSupportedException>(() => ((IList<OrgRole>)PermissionMatrix.Roles)[0] = OrgRole.Viewer);
        Assert.Equal(Enum.GetValues<Permission>(), PermissionMatrix.Permissions);
        Assert.Equal(Enum.GetValues<OrgRole>(), PermissionMatrix.Roles);
    }

    [Fact]
    public void Admins_have_every_permission_whatever_the_settings()
    {
        Assert.All(PermissionMatrix.Permissions, p => Assert.True(PermissionMatrix.IsAllowed(OrgRole.Admin, p, NothingAllowed)));
    }

    [Fact]
    public void Viewers_only_read_export_and_comment()
    {
        var allowed = PermissionMatrix.Permissions.Where(p => PermissionMatrix.IsAllowed(OrgRole.Viewer, p, EverythingAllowed));
        Assert.Equal([Permission.ReadWorkspaces, Permission.ExportDocumentation, Permission.ReviewAndComment], allowed);
    }

    [Theory]
    [InlineData(Permission.CreateWorkspaces, true, false, true)]
    [InlineData(Permission.CreateWorkspaces, false, true, false)]
    [InlineData(Permission.InviteColleagues, false, true, true)]
    [InlineData(Permission.InviteColleagues, true, false, false)]
    public void Member_cells_follow_their_own_setting(Permission permission, bool canCreate, bool canInvite, bool expected)
    {
        Assert.Equal(expected, PermissionMatrix.IsAllowed(OrgRole.Member, permission, new OrganizationSettings(canCreate, canInvite)));
    }

    [Fact]
    public void Members_never_manage_and_may_join_teams()
    {
        Assert.False(PermissionMatrix.IsAllowed(OrgRole.Member, Permission.ManageUsers, EverythingAllowed));
        Assert.False(PermissionMatrix.IsAllowed(OrgRole.Member, Permission.DeleteWorkspaces, EverythingAllowed));
        Assert.True(PermissionMatrix.IsAllowed(OrgRole.Member, Permission.BeTeamMember, NothingAllowed));
        Assert.False(PermissionMatrix.IsAllowed(OrgRole.Viewer, Permission.BeTeamMember, EverythingAllowed));
    }

    [Fact]
    public void A_deactivated_member_has_no_permission()
    {
        var admin = new Membership(new OrganizationId("acme"), new User(new UserId("ada"), "ada@example.com", "Ada"), OrgRole.Admin, MembershipStatus.Deactivated);
        Assert.All(PermissionMatrix.Permissions, p => Assert.False(PermissionMatrix.IsAllowed(admin, p, EverythingAllowed)));
    }

    [Fact]
    public void Undefined_values_are_refused_naming_the_parameter()
    {
        Assert.Equal("role", Assert.Throws<ArgumentOutOfRangeException>(() => PermissionMatrix.IsAllowed((OrgRole)0, Permission.ReadWorkspaces, NothingAllowed)).ParamName);
        Assert.Equal("role", Assert.Throws<ArgumentOutOfRangeException>(() => PermissionMatrix.IsAllowed((OrgRole)4, Permission.ReadWorkspaces, NothingAllowed)).ParamName);
        Assert.Equal("permission", Assert.Throws<ArgumentOutOfRangeException>(() => PermissionMatrix.IsAllowed(OrgRole.Admin, (Permission)99, NothingAllowed)).ParamName);
        Assert.Equal("permission", Assert.Throws<ArgumentOutOfRangeException>(() => PermissionMatrix.IsAllowed(OrgRole.Admin, (Permission)(-1), NothingAllowed)).ParamName);
    }

    [Fact]
    public void A_check_allocates_nothing()
    {
        // Counting bytes, not timing: the count is exact whatever else the machine does.
        var settings = new OrganizationSettings(true, false);
        var allowed = 0;
        PermissionMatrix.IsAllowed(OrgRole.Member, Permission.CreateWorkspaces, settings);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            allowed += PermissionMatrix.IsAllowed((OrgRole)(1 + (i % 3)), (Permission)(i % 12), settings) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(allowed > 0);
    }
}
