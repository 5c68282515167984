using Vectice.Organization.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Access;

public sealed class OrganizationAccessTests : IDisposable
{
    private readonly CountingStore _store = new();
    private OrganizationUnderTest _org = null!;
    private AccessHost? _host;
    private AccessHost? _otherProcess;

    private AccessHost Host => _host!;

    public void Dispose()
    {
        _host?.Dispose();
        _otherProcess?.Dispose();
    }

    [Fact]
    public async Task Every_check_answers_what_the_matrix_says_for_the_stored_membership_and_settings()
    {
        await SeedAsync();
        await Host.ChangeSettingsAsync(new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: false, FourEyesPolicy.Off));
        var organization = (await _store.LoadSnapshotAsync(Id, Ada, Ada, null, default))!.Organization;

        foreach (var user in new[] { Ada, Alan, Grace, Linus, Ken, Stranger })
        {
            var membership = await _store.FindMembershipAsync(Id, user, default);
            foreach (var permission in PermissionMatrix.Permissions)
            {
                var expected = membership is not null && PermissionMatrix.IsAllowed(membership, permission, organization.Settings);
                Assert.True(expected == await Host.Access.IsAllowedAsync(user, Id, permission), $"{user} {permission}");
            }

            var access = await Host.Access.GetAccessAsync(user, Id);
            Assert.Equal(
                membership is null ? null : ((OrgRole, MembershipStatus, OrganizationSettings, long)?)(membership.Role, membership.Status, organization.Settings, organization.Version),
                access is null ? null : (access.Role, access.Status, access.Settings, access.Version));
        }

        // The cases the loop must have met: a cell opened by a setting, and a deactivated member.
        var createWorkspace = PermissionMatrix.Permissions.First(p => PermissionMatrix.GetGrant(OrgRole.Member, p) == PermissionGrant.WhenMembersCanCreateWorkspaces);
        Assert.True(await Host.Access.IsAllowedAsync(Grace, Id, createWorkspace));
        Assert.False(await Host.Access.IsAllowedAsync(Ken, Id, createWorkspace));
    }

    [Fact]
    public async Task A_warm_check_reads_nothing_from_the_store()
    {
        await SeedAsync();
        Assert.True(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        var reads = _store.SnapshotReads;

        for (var i = 0; i < 100; i++)
        {
            Assert.True(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
            Assert.False(await Host.Access.IsAllowedAsync(Linus, Id, Permission.ManageUsers));
        }

        Assert.Equal(reads + 1, _store.SnapshotReads);
    }

    [Fact]
    public async Task A_demotion_confirmed_in_this_process_is_obeyed_by_the_very_next_check()
    {
        await SeedAsync();
        Assert.True(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        await Host.ChangeRoleAsync(Alan, OrgRole.Viewer);

        Assert.False(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        Assert.Equal(OrgRole.Viewer, (await Host.Access.GetAccessAsync(Alan, Id))!.Role);
    }

    [Fact]
    public async Task A_settings_change_in_this_process_is_obeyed_by_the_very_next_check()
    {
        await SeedAsync();
        var invite = PermissionMatrix.Permissions.First(p => PermissionMatrix.GetGrant(OrgRole.Member, p) == PermissionGrant.WhenMembersCanInviteColleagues);
        Assert.False(await Host.Access.IsAllowedAsync(Grace, Id, invite));

        await Host.ChangeSettingsAsync(new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true, FourEyesPolicy.Off));

        Assert.True(await Host.Access.IsAllowedAsync(Grace, Id, invite));
    }

    [Fact]
    public async Task A_demotion_committed_by_another_process_is_obeyed_once_the_staleness_bound_has_passed()
    {
        await SeedAsync();
        var bound = new VecticeOrganizationOptions().AccessMaxStaleness;
        Assert.True(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        await _otherProcess!.ChangeRoleAsync(Alan, OrgRole.Viewer);

        // This process heard nothing: it may answer from its entry for as long as the bound, never longer.
        _org.Clock.Advance(bound);
        Assert.True(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
        _org.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
    }

    [Fact]
    public async Task A_fill_that_read_before_a_commit_in_this_process_is_not_kept()
    {
        await SeedAsync();
        var (readDone, release) = _store.HoldNextRead();

        var slowCheck = Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers).AsTask();
        await readDone;
        await Host.ChangeRoleAsync(Alan, OrgRole.Viewer);
        release.SetResult();

        Assert.True(await slowCheck, "The check read Alan as an Admin, before the demotion.");
        Assert.False(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));
    }

    [Fact]
    public async Task Nothing_is_cached_for_an_organization_that_does_not_exist()
    {
        await SeedAsync();
        var missing = new OrganizationId("missing");
        var reads = _store.SnapshotReads;

        Assert.False(await Host.Access.IsAllowedAsync(Ada, missing, Permission.ManageUsers));
        Assert.Null(await Host.Access.GetAccessAsync(Ada, missing));

        Assert.Equal(reads + 2, _store.SnapshotReads);
    }

    [Fact]
    public async Task Bad_input_is_refused_by_name_before_the_store_is_read()
    {
        await SeedAsync();
        var reads = _store.SnapshotReads;

        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Host.Access.IsAllowedAsync(default, Id, Permission.ManageUsers).AsTask())).ParamName);
        Assert.Equal("organizationId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Host.Access.IsAllowedAsync(Ada, default, Permission.ManageUsers).AsTask())).ParamName);
        Assert.Equal("permission", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Host.Access.IsAllowedAsync(Ada, Id, (Permission)999).AsTask())).ParamName);
        Assert.Equal("userId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Host.Access.GetAccessAsync(default, Id).AsTask())).ParamName);

        Assert.Equal(reads, _store.SnapshotReads);
    }

    [Fact]
    public async Task A_cancelled_check_that_needs_the_store_reads_nothing()
    {
        await SeedAsync();
        var reads = _store.SnapshotReads;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Host.Access.IsAllowedAsync(Ada, Id, Permission.ManageUsers, new CancellationToken(canceled: true)).AsTask());

        Assert.Equal(reads, _store.SnapshotReads);
    }

    // The BCL's rule: a token cancelled before the call gives a cancelled task, even when the answer is at hand.
    [Fact]
    public async Task A_cancelled_check_is_cancelled_even_when_its_answer_is_cached()
    {
        await SeedAsync();
        Assert.True(await Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers));

        var check = Host.Access.IsAllowedAsync(Alan, Id, Permission.ManageUsers, new CancellationToken(canceled: true));

        Assert.True(check.IsCanceled);
    }

    [Fact]
    public void A_staleness_bound_that_is_not_positive_is_refused_when_the_check_is_resolved()
    {
        using var provider = new ServiceCollection().AddVecticeOrganization(o => o.AccessMaxStaleness = TimeSpan.Zero).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<OrganizationAccess>);

        Assert.Contains(nameof(VecticeOrganizationOptions.AccessMaxStaleness), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_is_one_singleton_that_observes_every_commit()
    {
        var services = new ServiceCollection();
        services.AddVecticeOrganization();
        services.AddVecticeOrganization();
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var access = provider.GetRequiredService<OrganizationAccess>();

        Assert.Same(access, provider.GetRequiredService<OrganizationAccess>());
        Assert.Same(access, Assert.Single(provider.GetServices<IMembershipChangeObserver>()));
    }

    private async Task SeedAsync()
    {
        _org = await Acme.SeedAsync(_store);
        _host = new AccessHost(_store, _org.Clock);
        _otherProcess = new AccessHost(_store, _org.Clock);
    }
}
