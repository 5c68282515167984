using Moq;
using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// The directory's reads of one thing (the organization, one member, one pending change): the
/// reader's right and the data decided on one snapshot, one store call each.
/// </summary>
public sealed class OrganizationReadTests
{
    [Fact]
    public async Task Any_active_member_reads_the_organization_and_its_settings()
    {
        var org = await Acme.SeedAsync();
        var settings = new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true);
        (await org.Settings.ChangeAsync(Ada, Id, settings)).GetValueOrThrow();

        var read = (await org.Directory.FindOrganizationAsync(Linus, Id)).GetValueOrThrow();

        Assert.Equal((Id, "Kit Org", settings), (read.Id, read.Name, read.Settings));
        Assert.Equal(read, (await org.Store.LoadSnapshotAsync(Id, Ada, Ada, null, CancellationToken.None))!.Organization);
    }

    [Fact]
    public async Task The_organization_is_not_found_by_a_non_member_nor_read_by_a_deactivated_one()
    {
        var org = await Acme.SeedAsync();
        var globex = new OrganizationId("globex");

        Assert.Equal(new OrganizationNotFound(Id), (await org.Directory.FindOrganizationAsync(Stranger, Id)).Refusal);
        Assert.Equal(new OrganizationNotFound(globex), (await org.Directory.FindOrganizationAsync(Ada, globex)).Refusal);
        Assert.Equal(new NotAnActiveMember(Id, Ken), (await org.Directory.FindOrganizationAsync(Ken, Id)).Refusal);
    }

    [Fact]
    public async Task Any_active_member_reads_one_member_in_any_role_and_status()
    {
        var org = await Acme.SeedAsync();

        var grace = (await org.Directory.FindMemberAsync(Linus, Id, Grace)).GetValueOrThrow();
        var ken = (await org.Directory.FindMemberAsync(Grace, Id, Ken)).GetValueOrThrow();
        var self = (await org.Directory.FindMemberAsync(Linus, Id, Linus)).GetValueOrThrow();

        Assert.Equal(await org.MemberAsync(Grace), grace);
        Assert.Equal((Ken, MembershipStatus.Deactivated), (ken.UserId, ken.Status));
        Assert.Equal((Linus, OrgRole.Viewer), (self.UserId, self.Role));
    }

    [Fact]
    public async Task A_member_is_refused_to_outsiders_and_deactivated_members_and_missing_when_not_one()
    {
        var org = await Acme.SeedAsync();

        Assert.Equal(new OrganizationNotFound(Id), (await org.Directory.FindMemberAsync(Stranger, Id, Grace)).Refusal);
        Assert.Equal(new NotAnActiveMember(Id, Ken), (await org.Directory.FindMemberAsync(Ken, Id, Ken)).Refusal);
        Assert.Equal(new MemberNotFound(Id, Stranger), (await org.Directory.FindMemberAsync(Ada, Id, Stranger)).Refusal);
    }

    [Fact]
    public async Task Each_read_of_one_thing_is_one_store_call()
    {
        var real = await Acme.SeedAsync();
        var pending = (await real.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        var store = new Mock<IOrganizationStore>(MockBehavior.Strict);
        store.Setup(s => s.LoadSnapshotAsync(It.IsAny<OrganizationId>(), It.IsAny<UserId>(), It.IsAny<UserId>(), It.IsAny<PendingChangeId?>(), It.IsAny<CancellationToken>()))
            .Returns((OrganizationId o, UserId a, UserId t, PendingChangeId? p, CancellationToken ct) => real.Store.LoadSnapshotAsync(o, a, t, p, ct));
        store.Setup(s => s.LoadPendingChangeSnapshotAsync(It.IsAny<PendingChangeId>(), It.IsAny<UserId>(), It.IsAny<CancellationToken>()))
            .Returns((PendingChangeId p, UserId a, CancellationToken ct) => real.Store.LoadPendingChangeSnapshotAsync(p, a, ct));
        var directory = Acme.Create(store.Object).Directory;

        Assert.Equal(pending, (await directory.FindPendingChangeAsync(Alan, pending.Id)).GetValueOrThrow());
        store.Verify(s => s.LoadPendingChangeSnapshotAsync(pending.Id, Alan, It.IsAny<CancellationToken>()), Times.Once);
        store.VerifyNoOtherCalls();

        (await directory.FindOrganizationAsync(Grace, Id)).GetValueOrThrow();
        store.Verify(s => s.LoadSnapshotAsync(Id, Grace, Grace, null, It.IsAny<CancellationToken>()), Times.Once);
        store.VerifyNoOtherCalls();

        (await directory.FindMemberAsync(Grace, Id, Linus)).GetValueOrThrow();
        store.Verify(s => s.LoadSnapshotAsync(Id, Grace, Linus, null, It.IsAny<CancellationToken>()), Times.Once);
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public void Bad_arguments_throw_before_a_task_is_returned_and_a_cancelled_token_gives_a_cancelled_task()
    {
        var directory = Acme.Create().Directory;

        Assert.Equal("actor", Assert.Throws<ArgumentException>(() => Start(directory.FindOrganizationAsync(default, Id).AsTask())).ParamName);
        Assert.Equal("organizationId", Assert.Throws<ArgumentException>(() => Start(directory.FindMemberAsync(Ada, default, Grace).AsTask())).ParamName);
        Assert.Equal("userId", Assert.Throws<ArgumentException>(() => Start(directory.FindMemberAsync(Ada, Id, default).AsTask())).ParamName);
        Assert.True(directory.FindMemberAsync(Ada, Id, Grace, new CancellationToken(canceled: true)).AsTask().IsCanceled);
    }

    // Only starts the call: an exception thrown into the task instead of before it is not seen here.
    private static void Start(Task call) => _ = call;
}
