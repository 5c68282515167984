using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class OrganizationDirectoryTests
{
    [Fact]
    public async Task Paging_through_the_members_returns_each_once_in_id_order()
    {
        var org = await Acme.SeedAsync();
        for (var i = 0; i < 250; i++)
        {
            await org.AddAsync(new UserId($"user-{i:D4}"), (OrgRole)(1 + (i % 3)));
        }

        var seen = new List<UserId>();
        var query = new MemberQuery { Limit = 7 };
        while (true)
        {
            var page = (await org.Directory.ListMembersAsync(Ada, Id, query)).GetValueOrThrow();
            seen.AddRange(page.Items.Select(m => m.UserId));
            if (!page.HasMore)
            {
                break;
            }

            Assert.Equal(7, page.Items.Count);
            query = query with { After = page.Next };
        }

        Assert.Equal(255, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Filters_keep_only_matching_members_across_pages()
    {
        var org = await Acme.SeedAsync();
        var admins = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Role = OrgRole.Admin, Limit = 1 })).GetValueOrThrow();
        Assert.Equal([Ada], admins.Items.Select(m => m.UserId));
        Assert.True(admins.HasMore);
        var next = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Role = OrgRole.Admin, Limit = 1, After = admins.Next })).GetValueOrThrow();
        Assert.Equal([Alan], next.Items.Select(m => m.UserId));
        Assert.False(next.HasMore);

        var deactivated = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Status = MembershipStatus.Deactivated })).GetValueOrThrow();
        Assert.Equal([Ken], deactivated.Items.Select(m => m.UserId));
    }

    [Fact]
    public async Task A_cursor_whose_member_has_gone_from_the_filter_still_continues_after_it()
    {
        var org = await Acme.SeedAsync();
        var first = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Status = MembershipStatus.Active, Limit = 3 })).GetValueOrThrow();
        Assert.Equal([Ada, Alan, Grace], first.Items.Select(m => m.UserId));
        await org.ApplyAsync(org.RoleChanges.RequestDeactivationAsync(Ada, Id, Grace));

        var next = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Status = MembershipStatus.Active, After = first.Next })).GetValueOrThrow();

        Assert.Equal([Linus], next.Items.Select(m => m.UserId));
    }

    [Fact]
    public async Task Pending_changes_list_only_open_ones_and_page_by_id()
    {
        var org = await Acme.SeedAsync();
        var open = new List<PendingChangeId>();
        foreach (var (target, role) in new[] { (Grace, OrgRole.Viewer), (Linus, OrgRole.Member), (Alan, OrgRole.Member) })
        {
            open.Add((await org.RoleChanges.RequestAsync(Ada, Id, target, role)).GetValueOrThrow().Id);
        }

        var cancelled = (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Grace)).GetValueOrThrow();
        await org.RoleChanges.CancelAsync(Ada, cancelled.Id);

        var first = (await org.Directory.ListPendingChangesAsync(Ada, Id, new PendingChangeQuery { Limit = 2 })).GetValueOrThrow();
        var second = (await org.Directory.ListPendingChangesAsync(Ada, Id, new PendingChangeQuery { Limit = 2, After = first.Next })).GetValueOrThrow();

        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal(open.Order(), first.Items.Concat(second.Items).Select(c => c.Id));
    }

    [Fact]
    public async Task The_audit_trail_pages_by_sequence()
    {
        var org = await Acme.SeedAsync();
        var all = await org.AuditAsync();

        var page = (await org.Directory.ListAuditEntriesAsync(Ada, Id, new AuditQuery { After = new AuditQuery().CursorAfter(all[1]), Limit = 3 })).GetValueOrThrow();

        Assert.Equal([3L, 4L, 5L], page.Items.Select(e => e.Sequence));
        Assert.True(page.HasMore);
        var last = (await org.Directory.ListAuditEntriesAsync(Ada, Id, new AuditQuery { After = page.Next })).GetValueOrThrow();
        Assert.Equal(all.Skip(5), last.Items);
        Assert.False(last.HasMore);
        Assert.Empty((await org.Directory.ListAuditEntriesAsync(Ada, Id, new AuditQuery { After = new AuditQuery().CursorAfter(all[^1] with { Sequence = 99 }) })).GetValueOrThrow().Items);
    }

    [Fact]
    public async Task Active_members_read_the_users_list_and_only_active_admins_the_rest()
    {
        var org = await Acme.SeedAsync();
        Assert.Equal(5, (await org.Directory.ListMembersAsync(Linus, Id)).GetValueOrThrow().Items.Count);
        Assert.Equal(new NotAnActiveMember(Id, Ken), (await org.Directory.ListMembersAsync(Ken, Id)).Refusal);
        Assert.Equal(new NotAnActiveAdmin(Id, Grace), (await org.Directory.ListPendingChangesAsync(Grace, Id)).Refusal);
        Assert.Equal(new NotAnActiveAdmin(Id, Ken), (await org.Directory.ListAuditEntriesAsync(Ken, Id)).Refusal);
        Assert.Equal(new OrganizationNotFound(Id), (await org.Directory.ListPendingChangesAsync(Stranger, Id)).Refusal);
        var globex = new OrganizationId("globex");
        Assert.Equal(new OrganizationNotFound(globex), (await org.Directory.ListMembersAsync(Ada, globex)).Refusal);
    }

    [Fact]
    public async Task One_pending_change_is_read_by_its_id_in_any_status_by_active_admins_only()
    {
        var org = await Acme.SeedAsync();
        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();

        Assert.Equal(pending, (await org.Directory.FindPendingChangeAsync(Alan, pending.Id)).GetValueOrThrow());
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        var applied = (await org.Directory.FindPendingChangeAsync(Ada, pending.Id)).GetValueOrThrow();
        Assert.Equal((PendingChangeStatus.Applied, (UserId?)Ada), (applied.Status, applied.ClosedBy));

        Assert.Equal(new NotAnActiveAdmin(Id, Grace), (await org.Directory.FindPendingChangeAsync(Grace, pending.Id)).Refusal);
        Assert.Equal(new NotAnActiveAdmin(Id, Ken), (await org.Directory.FindPendingChangeAsync(Ken, pending.Id)).Refusal);
        Assert.Equal(new PendingChangeNotFound(pending.Id), (await org.Directory.FindPendingChangeAsync(Stranger, pending.Id)).Refusal);
        var unknown = PendingChangeId.New(Id);
        Assert.Equal(new PendingChangeNotFound(unknown), (await org.Directory.FindPendingChangeAsync(Ada, unknown)).Refusal);
    }

    [Fact]
    public void Page_sizes_outside_the_bounds_are_refused_naming_the_limit()
    {
        Assert.Equal("Limit", Assert.Throws<ArgumentOutOfRangeException>(() => new MemberQuery { Limit = 0 }).ParamName);
        Assert.Equal("Limit", Assert.Throws<ArgumentOutOfRangeException>(() => new AuditQuery { Limit = AuditQuery.MaxLimit + 1 }).ParamName);
        Assert.Equal("Limit", Assert.Throws<ArgumentOutOfRangeException>(() => new PendingChangeQuery { Limit = -1 }).ParamName);
    }
}
