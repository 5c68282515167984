using Microsoft.Extensions.Options;
using Vectice.Organization.ChangeFeeds;
using Xunit;
using static Vectice.Organization.Testing.OrganizationUnderTest;

namespace Vectice.Organization.Testing;

/// <summary>
/// The change feed contract: every kind of commit made by one process reaches the feed
/// (<see cref="StoreFixture.CreateChangeFeed"/>) of another, whose cached access then answers the new
/// state. The watching process's staleness bound is an hour, so only the feed can tell it.
/// </summary>
/// <typeparam name="TFixture">The store under test.</typeparam>
/// <param name="fixture">The store under test.</param>
public abstract class ChangeFeedSpecification<TFixture>(TFixture fixture) : StoreSpecification<TFixture>(fixture)
    where TFixture : StoreFixture
{
    /// <summary>A confirmed role change.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_confirmed_role_change_reaches_the_feed_and_is_obeyed() =>
        ObeyedAsync(Alan, org => ConfirmAsync(org, org.RoleChanges.RequestAsync(Ada, org.Id, Alan, OrgRole.Viewer)), access => access?.Role == OrgRole.Viewer);

    /// <summary>A confirmed deactivation.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_confirmed_deactivation_reaches_the_feed_and_is_obeyed() =>
        ObeyedAsync(Grace, org => ConfirmAsync(org, org.RoleChanges.RequestDeactivationAsync(Ada, org.Id, Grace)), access => access?.IsActive == false);

    /// <summary>A confirmed reactivation.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_confirmed_reactivation_reaches_the_feed_and_is_obeyed() =>
        ObeyedAsync(
            Grace,
            org => ConfirmAsync(org, org.RoleChanges.RequestReactivationAsync(Ada, org.Id, Grace)),
            access => access?.IsActive == true,
            before: org => ConfirmAsync(org, org.RoleChanges.RequestDeactivationAsync(Ada, org.Id, Grace)));

    /// <summary>A confirmed bulk change.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_confirmed_bulk_change_reaches_the_feed_and_is_obeyed() =>
        ObeyedAsync(Grace, org => ConfirmAsync(org, org.RoleChanges.RequestBulkAsync(Ada, org.Id, [Grace, Linus], OrgRole.Admin)), access => access?.Role == OrgRole.Admin);

    /// <summary>A settings change.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_settings_change_reaches_the_feed_and_is_obeyed() =>
        ObeyedAsync(
            Grace,
            async org => Assert.True((await org.Settings.ChangeAsync(Ada, org.Id, new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: true, FourEyesPolicy.Off)).ConfigureAwait(false)).IsSuccess),
            access => access?.IsAllowed(Permission.InviteColleagues) == true);

    /// <summary>A member added.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_member_added_reaches_the_feed_and_is_obeyed() =>
        ObeyedAsync(Stranger, org => org.AddAsync(Stranger, OrgRole.Member), access => access?.Role == OrgRole.Member);

    private static async Task ConfirmAsync(OrganizationUnderTest org, ValueTask<RequestChangeResult> request)
    {
        var requested = await request.ConfigureAwait(false);
        Assert.True(requested.TryGetValue(out var pending, out var refusal), refusal?.Reason);
        var confirmed = await org.RoleChanges.ConfirmAsync(Ada, pending.Id).ConfigureAwait(false);
        Assert.True(confirmed.IsSuccess, confirmed.Refusal?.Reason);
    }

    /// <summary>
    /// Seeds an organization, has the watching process cache <paramref name="user"/>'s access, commits
    /// <paramref name="change"/> from another scope, waits until the feed has reported the new version
    /// and caught up, and checks that the watching process answers what the change made.
    /// </summary>
    private async Task ObeyedAsync(UserId user, Func<OrganizationUnderTest, Task> change, Func<MemberAccess?, bool> changed, Func<OrganizationUnderTest, Task>? before = null)
    {
        var (scope, org) = await SeededAsync().ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            if (before is not null)
            {
                await before(org).ConfigureAwait(false);
            }

            var scopes = new FixtureScopes(Fixture);
            var access = new OrganizationAccess(scopes, Options.Create(new VecticeOrganizationOptions { AccessMaxStaleness = TimeSpan.FromHours(1) }));
            var probe = new FeedProbe(access);
            using var stop = new CancellationTokenSource();
            var caughtUp = probe.CaughtUpAsync();
            var run = Fixture.CreateChangeFeed(scopes, TimeProvider.System).RunAsync(probe, stop.Token);
            try
            {
                await Task.WhenAny(caughtUp, run).Unwrap().ConfigureAwait(false);
                Assert.False(changed(await access.GetAccessAsync(user, org.Id).ConfigureAwait(false)), "The change was made before the test made it.");

                await change(org).ConfigureAwait(false);
                var version = (await org.Store.FindVersionsAsync([org.Id], CancellationToken.None).ConfigureAwait(false))[org.Id];
                await Task.WhenAny(probe.HeardAsync(org.Id, version), run).Unwrap().ConfigureAwait(false);

                Assert.True(changed(await access.GetAccessAsync(user, org.Id).ConfigureAwait(false)), "The watching process still answers from before the change.");
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            // A feed stops when cancelled, and only then.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).ConfigureAwait(false);
        }
    }
}
