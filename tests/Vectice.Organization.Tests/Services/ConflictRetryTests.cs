using Moq;
using Vectice.Organization.Stores;
using Vectice.Organization.Testing;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>Forces version conflicts with a mocked store around a real one.</summary>
public sealed class ConflictRetryTests
{
    [Fact]
    public async Task A_confirm_that_loses_two_races_retries_and_succeeds()
    {
        var real = await Acme.SeedAsync();
        var pending = (await real.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var store = Wrap(real.Store, conflicts: 2);
        var org = Acme.Create(store.Object);

        var result = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);

        Assert.True(result.IsSuccess, result.Refusal?.Reason);
        store.Verify(s => s.CommitAsync(It.IsAny<OrganizationCommit>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        store.Verify(s => s.LoadPendingChangeSnapshotAsync(pending.Id, Ada, It.IsAny<CancellationToken>()), Times.Exactly(3));
        Assert.Equal(OrgRole.Admin, (await real.MemberAsync(Grace))!.Role);
        Assert.Single(await real.AuditAsync(), e => e.PendingChangeId == pending.Id);
    }

    [Fact]
    public async Task A_store_that_always_conflicts_gives_a_named_refusal_after_the_configured_attempts()
    {
        var real = await Acme.SeedAsync();
        var pending = (await real.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var store = Wrap(real.Store, conflicts: int.MaxValue);
        var org = Acme.Create(store.Object, options: new VecticeOrganizationOptions { MaxAttempts = 4 });

        var confirm = await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        var request = await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member);
        var cancel = await org.RoleChanges.CancelAsync(Ada, pending.Id);
        var add = await org.Provisioning.AddMemberAsync(Ada, Id, Profile(Stranger), OrgRole.Viewer);

        Assert.All(new[] { confirm.Refusal, request.Refusal, cancel.Refusal, add.Refusal }, r => Assert.Equal(new ConcurrencyConflict(Id, 4), r));
        store.Verify(s => s.CommitAsync(It.IsAny<OrganizationCommit>(), It.IsAny<CancellationToken>()), Times.Exactly(16));
        Assert.Equal(OrgRole.Member, (await real.MemberAsync(Grace))!.Role);
        Assert.Null(await real.MemberAsync(Stranger));
    }

    [Fact]
    public async Task Every_retry_decides_again_on_what_it_reloads()
    {
        // The first commit loses to a concurrent demotion of the requester; the retry must see it.
        var real = await Acme.SeedAsync();
        var pending = (await real.RoleChanges.RequestAsync(Alan, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        var store = Forward(real.Store);
        var raced = false;
        store.Setup(s => s.CommitAsync(It.IsAny<OrganizationCommit>(), It.IsAny<CancellationToken>()))
            .Returns(async (OrganizationCommit commit, CancellationToken ct) =>
            {
                if (!raced)
                {
                    raced = true;
                    await real.ApplyAsync(real.RoleChanges.RequestAsync(Ada, Id, Alan, OrgRole.Viewer, CancellationToken.None));
                }

                return await real.Store.CommitAsync(commit, ct);
            });
        var org = Acme.Create(store.Object);

        var result = await org.RoleChanges.ConfirmAsync(Alan, pending.Id);

        Assert.Equal(new NotAnActiveAdmin(Id, Alan), result.Refusal);
        Assert.Equal(OrgRole.Member, (await real.MemberAsync(Grace))!.Role);
    }

    [Fact]
    public async Task A_list_read_that_a_commit_came_between_is_read_again_at_the_later_version()
    {
        var real = await Acme.SeedAsync();
        var org = Acme.Create(CommitsAfterListing(real, times: 1).Object);

        var listed = await org.Directory.ListMembersAsync(Grace, Id);

        Assert.True(listed.TryGetValue(out var members, out var refusal), refusal?.Reason);
        Assert.Contains(members.Items, m => m.UserId == new UserId("churn-0"));
    }

    [Fact]
    public async Task A_list_read_that_commits_always_come_between_is_refused_as_a_conflict()
    {
        var real = await Acme.SeedAsync();
        var org = Acme.Create(CommitsAfterListing(real, times: int.MaxValue).Object, options: new VecticeOrganizationOptions { MaxAttempts = 3 });

        var listed = await org.Directory.ListMembersAsync(Ada, Id);

        Assert.Equal(new ConcurrencyConflict(Id, 3), listed.Refusal);
        Assert.Equal(3, (await real.MembersAsync()).Count(m => m.UserId.Value.StartsWith("churn-", StringComparison.Ordinal)));
    }

    /// <summary>A store whose first <paramref name="times"/> member lists are followed by a commit (a member added) before the version is read again.</summary>
    private static Mock<DelegatingOrganizationStore> CommitsAfterListing(OrganizationUnderTest real, int times)
    {
        var store = Forward(real.Store);
        var commits = 0;
        store.Setup(s => s.ListMembersAsync(Id, It.IsAny<MemberQuery>(), It.IsAny<CancellationToken>()))
            .Returns(async (OrganizationId o, MemberQuery q, CancellationToken ct) =>
            {
                var page = await real.Store.ListMembersAsync(o, q, ct);
                if (commits < times)
                {
                    await real.Provisioning.AddMemberAsync(Ada, Id, Profile(new UserId($"churn-{commits++}")), OrgRole.Viewer, ct);
                }

                return page;
            });
        return store;
    }

    private static Mock<DelegatingOrganizationStore> Wrap(IOrganizationStore real, int conflicts)
    {
        var store = Forward(real);
        var remaining = conflicts;
        store.Setup(s => s.CommitAsync(It.IsAny<OrganizationCommit>(), It.IsAny<CancellationToken>()))
            .Returns((OrganizationCommit commit, CancellationToken ct) =>
                remaining-- > 0 ? new ValueTask<CommitOutcome>(CommitOutcome.VersionConflict) : real.CommitAsync(commit, ct));
        return store;
    }

    /// <summary>A mock that passes every call to <paramref name="real"/> but runs writes as they come, so that a test can set up the calls it changes.</summary>
    private static Mock<DelegatingOrganizationStore> Forward(IOrganizationStore real) =>
        new Mock<DelegatingOrganizationStore>(real) { CallBase = true }.RunningWritesAsIs();
}
