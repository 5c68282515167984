using Moq;
using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// One paging shape for the three lists: an opaque cursor that a page gives and the caller passes back,
/// refused when forged or another list's, and one walk over every page of any list.
/// </summary>
public sealed class PagingTests
{
    [Fact]
    public async Task A_cursor_round_trips_through_its_text_and_pages_on_from_there()
    {
        var org = await Acme.SeedAsync();
        var first = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Limit = 2 })).GetValueOrThrow();

        var text = first.Next!.ToString();
        var next = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Limit = 2, After = PageCursor.Parse(text) })).GetValueOrThrow();

        Assert.DoesNotContain("alan", text, StringComparison.Ordinal);
        Assert.Equal(first.Next, PageCursor.Parse(text));
        Assert.Equal([Grace, Ken], next.Items.Select(m => m.UserId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alan")]
    [InlineData("bTphbGFu=")]
    [InlineData("bTphZGF")]
    [InlineData("eDphbGFu")]
    [InlineData("YTow")]
    [InlineData("YTotMQ")]
    [InlineData("cDpub3QtYS1ndWlk")]
    [InlineData("bTog")]
    public void Text_that_no_list_wrote_is_refused_naming_the_token(string forged)
    {
        Assert.False(PageCursor.TryParse(forged, out _));
        Assert.Equal("token", Assert.ThrowsAny<ArgumentException>(() => PageCursor.Parse(forged)).ParamName);
    }

    [Theory]
    [InlineData("bTph bGFu")]
    [InlineData("bTph\nbGFu")]
    [InlineData(" bTphbGFu\t")]
    public void Text_that_decodes_to_a_cursor_but_is_not_one_a_list_wrote_is_refused(string altered)
    {
        // Base64url that a list never writes (white space around or inside it) but that decodes to a real
        // position: taken, it would be a second text for one cursor, unequal to it and echoed back by ToString.
        Assert.False(PageCursor.TryParse(altered, out var cursor), cursor?.ToString());
        Assert.Equal("token", Assert.ThrowsAny<ArgumentException>(() => PageCursor.Parse(altered)).ParamName);
    }

    [Fact]
    public async Task A_cursor_of_another_list_is_refused_naming_the_cursor()
    {
        var org = await Acme.SeedAsync();
        var members = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Limit = 1 })).GetValueOrThrow();
        var audit = (await org.Directory.ListAuditEntriesAsync(Ada, Id, new AuditQuery { Limit = 1 })).GetValueOrThrow();

        Assert.Equal("After", Assert.Throws<ArgumentException>(() => new AuditQuery { After = members.Next }).ParamName);
        Assert.Equal("After", Assert.Throws<ArgumentException>(() => new PendingChangeQuery { After = members.Next }).ParamName);
        Assert.Equal("After", Assert.Throws<ArgumentException>(() => new MemberQuery { After = audit.Next }).ParamName);
        Assert.Equal("item", Assert.Throws<ArgumentException>(() => new AuditQuery().CursorAfter(audit.Items[0] with { Sequence = 0 })).ParamName);
    }

    [Fact]
    public async Task One_walk_streams_every_page_of_each_list_for_its_readers()
    {
        var org = await Acme.SeedAsync();
        var changes = new List<PendingChange>();
        foreach (var (target, role) in new[] { (Grace, OrgRole.Viewer), (Linus, OrgRole.Member), (Alan, OrgRole.Member) })
        {
            changes.Add((await org.RoleChanges.RequestAsync(Ada, Id, target, role)).GetValueOrThrow());
        }

        var members = await AllAsync(await org.Directory.StreamAsync(Linus, Id, new MemberQuery { Limit = 2 }));
        var pending = await AllAsync(await org.Directory.StreamAsync(Ada, Id, new PendingChangeQuery { Limit = 2 }));
        var audit = await AllAsync(await org.Directory.StreamAsync(Ada, Id, new AuditQuery { Limit = 2 }));

        Assert.Equal([Ada, Alan, Grace, Ken, Linus], members.Select(m => m.UserId));
        Assert.Equal(changes.Select(c => c.Id).Order(), pending.Select(c => c.Id));
        Assert.Equal(await org.AuditAsync(), audit);
        Assert.Equal(members, await Pages.ReadAllAsync(org.Store, Id, new MemberQuery { Limit = 3 }).ToListAsync());
        Assert.Equal(new NotAnActiveAdmin(Id, Linus), (await org.Directory.StreamAsync(Linus, Id, new PendingChangeQuery())).Refusal);
        Assert.Equal(new NotAnActiveMember(Id, Ken), (await org.Directory.StreamAsync(Ken, Id, new MemberQuery())).Refusal);
    }

    [Fact]
    public async Task A_stream_reads_one_page_per_step_and_starts_at_the_querys_cursor()
    {
        var org = await Acme.SeedAsync();
        var store = new Mock<IOrganizationStore>();
        store.Setup(s => s.LoadSnapshotAsync(It.IsAny<OrganizationId>(), It.IsAny<UserId>(), It.IsAny<UserId>(), It.IsAny<PendingChangeId?>(), It.IsAny<CancellationToken>()))
            .Returns((OrganizationId o, UserId a, UserId t, PendingChangeId? p, CancellationToken ct) => org.Store.LoadSnapshotAsync(o, a, t, p, ct));
        store.Setup(s => s.ListMembersAsync(It.IsAny<OrganizationId>(), It.IsAny<MemberQuery>(), It.IsAny<CancellationToken>()))
            .Returns((OrganizationId o, MemberQuery q, CancellationToken ct) => org.Store.ListMembersAsync(o, q, ct));
        var directory = Acme.Create(store.Object).Directory;
        var start = (await org.Directory.ListMembersAsync(Ada, Id, new MemberQuery { Limit = 1 })).GetValueOrThrow().Next;
        int PagesRead() => store.Invocations.Count(i => i.Method.Name == nameof(IOrganizationStore.ListMembersAsync));

        var streamed = await directory.StreamAsync(Ada, Id, new MemberQuery { Limit = 2, After = start });
        Assert.Equal(1, PagesRead());
        var members = await AllAsync(streamed);

        Assert.Equal([Alan, Grace, Ken, Linus], members.Select(m => m.UserId));
        Assert.Equal(2, PagesRead());
    }

    [Fact]
    public void Bad_arguments_throw_before_anything_is_read()
    {
        var org = Acme.Create();
        Assert.Equal("query", Assert.Throws<ArgumentNullException>(() => Start(org.Directory.StreamAsync<Membership>(Ada, Id, null!).AsTask())).ParamName);
        Assert.Equal("actor", Assert.Throws<ArgumentException>(() => Start(org.Directory.StreamAsync(default, Id, new MemberQuery()).AsTask())).ParamName);
        Assert.Equal("organizationId", Assert.Throws<ArgumentException>(() => Pages.ReadAllAsync(org.Store, default, new AuditQuery())).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentNullException>(() => Pages.ReadAllAsync<AuditEntry>(org.Store, Id, null!)).ParamName);
    }

    private static async Task<List<T>> AllAsync<T>(StreamResult<T> result)
    {
        Assert.True(result.TryGetValue(out var items, out var refusal), refusal?.Reason);
        return await items.ToListAsync();
    }

    // Only starts the call: an exception thrown into the task instead of before it is not seen here.
    private static void Start(Task call) => _ = call;
}
