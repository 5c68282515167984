using Vectice.Organization.Stores;
using Xunit;
using static Vectice.Organization.Testing.OrganizationUnderTest;

namespace Vectice.Organization.Testing;

/// <summary>
/// The invariants under races between independent scopes (for a database: two contexts on two
/// connections), repeated so that interleavings vary. Racers yield at random between their
/// reads and their commit, and each test asserts that version conflicts really happened.
/// </summary>
/// <typeparam name="TFixture">The store under test.</typeparam>
public abstract class ConcurrencySpecification<TFixture> : StoreSpecification<TFixture>
    where TFixture : StoreFixture
{
    /// <summary>Creates the suite over <paramref name="fixture"/>.</summary>
    /// <param name="fixture">The store under test.</param>
    protected ConcurrencySpecification(TFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>How many times each race runs; override to run more (a soak) or fewer.</summary>
    protected virtual int Rounds => 20;

    /// <summary>Two scopes commit on the same version: exactly one commits, the other conflicts.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_version_conflict_is_detected_between_two_scopes()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        await using var second = Fixture.OpenScope();
        var read = (await scope.Store.LoadSnapshotAsync(org.Id, Ada, Grace, null, CancellationToken.None))!;
        var toViewer = Commit(read, OrgRole.Viewer);
        var toAdmin = Commit(read, OrgRole.Admin);

        var outcomes = await RaceCounter.RunAsync(
            async () => await scope.Store.CommitAsync(toViewer, CancellationToken.None),
            async () => await second.Store.CommitAsync(toAdmin, CancellationToken.None));

        Assert.Single(outcomes, o => o == CommitOutcome.Committed);
        Assert.Single(outcomes, o => o == CommitOutcome.VersionConflict);
        var winner = outcomes[0] == CommitOutcome.Committed ? OrgRole.Viewer : OrgRole.Admin;
        Assert.Equal(winner, (await org.On(second.Store).MemberAsync(Grace))!.Role);
        Assert.Single(await org.AuditAsync(), e => e.Action == AuditAction.RoleChanged);
    }

    /// <summary>Two Admins demote each other at once from two scopes: the organization keeps an active Admin.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Two_admins_demoting_each_other_from_two_scopes_keep_an_active_admin()
    {
        var counter = new RaceCounter();
        for (var round = 0; round < Rounds; round++)
        {
            var (scope, org) = await SeededAsync();
            await using var _ = scope;
            await using var first = Fixture.OpenScope();
            await using var second = Fixture.OpenScope();
            var adaDemotesAlan = await org.RequestAsync(Ada, Alan, OrgRole.Member);
            var alanDeactivatesAda = (await org.RoleChanges.RequestDeactivationAsync(Alan, org.Id, Ada)).AsT0;

            var results = await RaceCounter.RunAsync(
                () => Racer(org, first, counter).RoleChanges.ConfirmAsync(Ada, adaDemotesAlan.Id).AsTask(),
                () => Racer(org, second, counter).RoleChanges.ConfirmAsync(Alan, alanDeactivatesAda.Id).AsTask());

            Assert.Equal(1, await org.ActiveAdminsAsync());
            Assert.Single(results, r => r.IsSuccess);
            Assert.Equal(RefusalCode.NotAnActiveAdmin, results.Single(r => !r.IsSuccess).Refusal!.Code);
            Assert.Single(await org.AuditAsync(), e => e.PendingChangeId is { } id && (id == adaDemotesAlan.Id || id == alanDeactivatesAda.Id));
        }

        AssertRaced(counter);
    }

    /// <summary>One pending change confirmed from several scopes at once is applied once, with one audit entry.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task One_pending_change_confirmed_from_several_scopes_applies_once()
    {
        var counter = new RaceCounter();
        for (var round = 0; round < Rounds; round++)
        {
            var (scope, org) = await SeededAsync();
            await using var _ = scope;
            var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);
            var scopes = Enumerable.Range(0, 4).Select(_ => Fixture.OpenScope()).ToList();
            try
            {
                var results = await RaceCounter.RunAsync(
                    scopes.Select(s => (Func<Task<ConfirmChangeResult>>)(() => Racer(org, s, counter).RoleChanges.ConfirmAsync(Ada, pending.Id).AsTask())).ToArray());

                Assert.Single(results, r => r.IsSuccess);
                Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Applied), r.Refusal));
                Assert.Single(await org.AuditAsync(), e => e.PendingChangeId == pending.Id);
                Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Grace))!.Role);
            }
            finally
            {
                foreach (var s in scopes)
                {
                    await s.DisposeAsync();
                }
            }
        }

        AssertRaced(counter);
    }

    /// <summary>A confirm racing a cancel from another scope: one of them happens, never both.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_confirm_racing_a_cancel_does_one_or_the_other()
    {
        var counter = new RaceCounter();
        for (var round = 0; round < Rounds; round++)
        {
            var (scope, org) = await SeededAsync();
            await using var _ = scope;
            await using var first = Fixture.OpenScope();
            await using var second = Fixture.OpenScope();
            var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

            var confirm = Task.Run(() => Racer(org, first, counter).RoleChanges.ConfirmAsync(Ada, pending.Id).AsTask());
            var cancel = Task.Run(() => Racer(org, second, counter).RoleChanges.CancelAsync(Alan, pending.Id).AsTask());
            var (confirmed, cancelled) = (await confirm, await cancel);

            Assert.True(confirmed.IsSuccess ^ cancelled.IsSuccess, $"confirm: {confirmed.Refusal}; cancel: {cancelled.Refusal}");
            var stored = (await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None))!;
            var audited = (await org.AuditAsync()).Count(e => e.PendingChangeId == pending.Id);
            var role = (await org.MemberAsync(Grace))!.Role;
            Assert.Equal(
                confirmed.IsSuccess ? (PendingChangeStatus.Applied, 1, OrgRole.Admin) : (PendingChangeStatus.Cancelled, 0, OrgRole.Member),
                (stored.Status, audited, role));
        }

        AssertRaced(counter);
    }

    private static OrganizationUnderTest Racer(OrganizationUnderTest org, StoreScope scope, RaceCounter counter) =>
        org.On(new RacingStore(scope.Store, counter));

    private static void AssertRaced(RaceCounter counter) =>
        Assert.True(counter.Conflicts > 0, "No version conflict occurred in any round: the racers never overlapped, so the test proved nothing.");

    private static OrganizationCommit Commit(OrganizationSnapshot read, OrgRole role)
    {
        var target = read.Target!;
        return new OrganizationCommit
        {
            Organization = read.Organization.NextVersionForTest(),
            UpdatedMemberships = [target.WithState(target.State with { Role = role })],
            AuditEntries =
            [
                new AuditEntry
                {
                    OrganizationId = read.Organization.Id,
                    At = Start,
                    Actor = Ada,
                    Action = AuditAction.RoleChanged,
                    Target = target.UserId,
                    Before = target.State,
                    After = target.State with { Role = role },
                },
            ],
        };
    }
}
