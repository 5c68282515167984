using Microsoft.Extensions.Options;
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

    /// <summary>
    /// Whether the store's write lock covers every organization at once (SQLite's is the whole
    /// file's), so that writes to different organizations queue too; override to say so.
    /// </summary>
    protected virtual bool OneLockForAllOrganizations => false;

    // Only against a store that hangs: the tests are bounded by their work, not by this.
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

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

    /// <summary>
    /// Writers of one organization queue in <see cref="IOrganizationStore.WriteAsync"/> instead of
    /// conflicting: eight writers in eight scopes, each moving its own member back and forth and
    /// yielding between read and commit, with no second attempt allowed. Every change applies, and
    /// the store reports no version conflict.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Writers_of_one_organization_queue_instead_of_conflicting()
    {
        const int Writers = 8;
        const int Changes = 3;
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var members = Enumerable.Range(0, Writers).Select(i => new UserId($"queued-{i}")).ToArray();
        foreach (var member in members)
        {
            await org.AddAsync(member, OrgRole.Member);
        }

        var counter = new RaceCounter();
        var once = Options.Create(new VecticeOrganizationOptions { MaxAttempts = 1 });
        var scopes = Enumerable.Range(0, Writers).Select(_ => Fixture.OpenScope()).ToList();
        try
        {
            var refusals = await RaceCounter.RunAsync([.. scopes.Select((racer, i) => (Func<Task<List<Refusal?>>>)(async () =>
            {
                var roleChanges = new RoleChangeService(new RacingStore(racer.Store, counter, queues: true), once, org.Clock);
                var refused = new List<Refusal?>();
                for (var change = 0; change < Changes; change++)
                {
                    var requested = await roleChanges.RequestAsync(Ada, org.Id, members[i], change % 2 == 0 ? OrgRole.Viewer : OrgRole.Member);
                    refused.Add(requested.TryGetValue(out var pending, out var refusal) ? (await roleChanges.ConfirmAsync(Ada, pending.Id)).Refusal : refusal);
                }

                return refused;
            }))]);

            Assert.All(refusals.SelectMany(r => r), refusal => Assert.True(refusal is null, refusal?.Reason));

            // That the writers met is not asserted here: this is one round, and on a thread pool busy with other tests a
            // writer's yields can run on its own thread to its end before another starts. The queued race, over many rounds, asserts it.
            Assert.Equal(0, counter.Conflicts);
            Assert.Equal(Writers * Changes, (await org.AuditAsync()).Count(e => e.Action == AuditAction.RoleChanged));
            foreach (var member in members)
            {
                Assert.Equal(OrgRole.Viewer, (await org.MemberAsync(member))!.Role);
            }
        }
        finally
        {
            foreach (var opened in scopes)
            {
                await opened.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A writer waiting for the organization's lock stops waiting when its token is cancelled
    /// (<see cref="IOrganizationStore.WriteAsync"/>), writes nothing, and holds nothing: the holder's
    /// write commits, and the next writer gets the lock.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_writer_waiting_for_the_organization_stops_when_cancelled()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        await using var waiter = Fixture.OpenScope();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (holding, holder) = HoldLock(scope.Store, org.Id, release.Task);
        try
        {
            await holding.WaitAsync(SafetyNet);
            using var cancel = new CancellationTokenSource();
            var waiting = await WaitingAsync(org.Id, () => ChangeAsync(waiter.Store, org.Id, OrgRole.Admin, cancel.Token));
            await cancel.CancelAsync();

            // A store that waits on regardless is still waiting when the safety net gives up: a TimeoutException fails this.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(SafetyNet));
            AssertNoneWaiting(org.Id);
        }
        finally
        {
            release.TrySetResult();
        }

        Assert.Equal(CommitOutcome.Committed, await holder.WaitAsync(SafetyNet));
        Assert.Equal(CommitOutcome.Committed, await ChangeAsync(waiter.Store, org.Id, OrgRole.Member, CancellationToken.None).WaitAsync(SafetyNet));
        Assert.Equal(OrgRole.Member, (await org.On(waiter.Store).MemberAsync(Grace))!.Role);
        Assert.Equal(2, (await org.AuditAsync()).Count(e => e.Action == AuditAction.RoleChanged));
        AssertNoneWaiting(org.Id);
    }

    /// <summary>
    /// A write that throws after taking the organization's lock leaves it free, however it throws: at once,
    /// after a read, after an await that does not complete at once, or after waiting for the lock behind
    /// another writer. Then another scope's write, and this scope's next, commit.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_write_that_throws_releases_the_organization()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        await using var second = Fixture.OpenScope();

        // Before its first await, which a store may see as a throw rather than as a failed task.
        await ThrowsAsync("Thrown at once.", () => scope.Store.WriteAsync<IOrganizationStore, CommitOutcome>(
            org.Id, scope.Store, static (_, _) => throw new InvalidOperationException("Thrown at once."), CancellationToken.None).AsTask());
        await ThrowsAsync("After a read.", () => FailAsync(scope.Store, org.Id, "After a read.", gate: null));

        // The gate opens only once the store has the write's task in hand: the write has not completed by then.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterAnAwait = FailAsync(scope.Store, org.Id, "After an await.", gate.Task);
        gate.SetResult();
        await ThrowsAsync("After an await.", () => afterAnAwait);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (holding, holder) = HoldLock(scope.Store, org.Id, release.Task);
        Task<CommitOutcome> queued;
        try
        {
            await holding.WaitAsync(SafetyNet);
            queued = await WaitingAsync(org.Id, () => Task.Run(() => FailAsync(second.Store, org.Id, "After waiting.", gate: null), CancellationToken.None));
        }
        finally
        {
            release.TrySetResult();
        }

        Assert.Equal(CommitOutcome.Committed, await holder.WaitAsync(SafetyNet));
        await ThrowsAsync("After waiting.", () => queued);
        Assert.Equal(CommitOutcome.Committed, await ChangeAsync(second.Store, org.Id, OrgRole.Viewer, CancellationToken.None).WaitAsync(SafetyNet));
        Assert.Equal(CommitOutcome.Committed, await ChangeAsync(scope.Store, org.Id, OrgRole.Admin, CancellationToken.None).WaitAsync(SafetyNet));
        Assert.Equal(OrgRole.Admin, (await org.On(second.Store).MemberAsync(Grace))!.Role);
        AssertNoneWaiting(org.Id);

        static async Task ThrowsAsync(string message, Func<Task> write) =>
            Assert.Equal(message, (await Assert.ThrowsAsync<InvalidOperationException>(() => write().WaitAsync(SafetyNet))).Message);
    }

    /// <summary>
    /// While one scope holds an organization's lock, another scope writes to another organization
    /// without waiting for it; on a store whose one lock covers every organization
    /// (<see cref="OneLockForAllOrganizations"/>), after it.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Writes_to_different_organizations_do_not_wait_for_each_other()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        await using var second = Fixture.OpenScope();
        var other = await OrganizationUnderTest.Create(second.Store).SeedAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (holding, holder) = HoldLock(scope.Store, org.Id, release.Task);
        try
        {
            await holding.WaitAsync(SafetyNet);
            var elsewhere = ChangeAsync(second.Store, other.Id, OrgRole.Viewer, CancellationToken.None);
            if (OneLockForAllOrganizations)
            {
                release.SetResult();
            }

            // Were it to wait for the held lock, the safety net would give up first: a TimeoutException fails this.
            Assert.Equal(CommitOutcome.Committed, await elsewhere.WaitAsync(SafetyNet));
        }
        finally
        {
            release.TrySetResult();
        }

        Assert.Equal(CommitOutcome.Committed, await holder.WaitAsync(SafetyNet));
        Assert.Equal(OrgRole.Viewer, (await other.MemberAsync(Grace))!.Role);
        Assert.Equal(OrgRole.Admin, (await org.On(second.Store).MemberAsync(Grace))!.Role);
    }

    /// <summary>
    /// While one scope holds an organization's lock (its write has read, and not yet committed), another
    /// scope's reads of that organization (its snapshot, a membership, the three lists, its version) do
    /// not wait for the holder, and read the organization as it is.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Reads_do_not_wait_for_a_held_write()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        await using var reader = Fixture.OpenScope();
        var store = reader.Store;
        var before = (await store.LoadSnapshotAsync(org.Id, Ada, Grace, null, CancellationToken.None))!;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (holding, holder) = HoldLock(scope.Store, org.Id, release.Task);
        try
        {
            await holding.WaitAsync(SafetyNet);

            // Each on a thread of its own, as a store may block its caller's thread: were a read to wait for the held
            // lock, the safety net would give up first, and the TimeoutException fails this.
            var snapshot = await ReadAsync(c => store.LoadSnapshotAsync(org.Id, Ada, Grace, null, c));
            Assert.Equal(before.Organization.Version, snapshot!.Organization.Version);
            Assert.Equal(before.Target!.Role, snapshot.Target!.Role);
            Assert.Equal(before.Target.Role, (await ReadAsync(c => store.FindMembershipAsync(org.Id, Grace, c)))!.Role);
            Assert.Contains((await ReadAsync(c => store.ListMembersAsync(org.Id, new MemberQuery(), c))).Items, m => m.UserId == Grace && m.Role == before.Target.Role);
            Assert.Empty((await ReadAsync(c => store.ListPendingChangesAsync(org.Id, new PendingChangeQuery(), c))).Items);
            Assert.DoesNotContain((await ReadAsync(c => store.ListAuditEntriesAsync(org.Id, new AuditQuery(), c))).Items, e => e.Action == AuditAction.RoleChanged);
            Assert.Equal(before.Organization.Version, (await ReadAsync(c => store.FindVersionsAsync([org.Id], c)))[org.Id]);
        }
        finally
        {
            release.TrySetResult();
        }

        Assert.Equal(CommitOutcome.Committed, await holder.WaitAsync(SafetyNet));
        Assert.Equal(OrgRole.Admin, (await org.On(reader.Store).MemberAsync(Grace))!.Role);

        static Task<T> ReadAsync<T>(Func<CancellationToken, ValueTask<T>> read) =>
            Task.Run(() => read(CancellationToken.None).AsTask(), CancellationToken.None).WaitAsync(SafetyNet);
    }

    /// <summary>Two Admins demote each other at once from two scopes: the organization keeps an active Admin.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task Two_admins_demoting_each_other_from_two_scopes_keep_an_active_admin() =>
        RaceRoundsAsync(racers: 2, DemoteEachOtherAsync);

    /// <summary>
    /// The same, through the store's write queue: the second confirm waits for the first, decides on
    /// what it committed and is refused, and no version conflict happens.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task Two_admins_demoting_each_other_through_the_write_queue_keep_an_active_admin() =>
        RaceRoundsAsync(racers: 2, DemoteEachOtherAsync, queues: true);

    private static async Task DemoteEachOtherAsync(OrganizationUnderTest org, IReadOnlyList<OrganizationUnderTest> racers)
    {
        var adaDemotesAlan = await org.RequestAsync(Ada, Alan, OrgRole.Member);
        var alanDeactivatesAda = (await org.RoleChanges.RequestDeactivationAsync(Alan, org.Id, Ada)).GetValueOrThrow();

        var results = await RaceCounter.RunAsync(
            () => racers[0].RoleChanges.ConfirmAsync(Ada, adaDemotesAlan.Id).AsTask(),
            () => racers[1].RoleChanges.ConfirmAsync(Alan, alanDeactivatesAda.Id).AsTask());

        Assert.Equal(1, await org.ActiveAdminsAsync());
        Assert.Single(results, r => r.IsSuccess);
        Assert.Equal(RefusalCode.NotAnActiveAdmin, results.Single(r => !r.IsSuccess).Refusal!.Code);
        Assert.Single(await org.AuditAsync(), e => e.PendingChangeId is { } id && (id == adaDemotesAlan.Id || id == alanDeactivatesAda.Id));
    }

    /// <summary>
    /// The only two Admins each demote themselves at the same moment, from two scopes. Both stay active
    /// Admins until a confirm commits, so no "active Admin" re-check can save the organization: only
    /// the last-Admin check, made again on what the first confirm committed, keeps one Admin.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task The_only_two_admins_demoting_themselves_at_once_keep_one() =>
        RaceSelfRemovalsAsync((org, admin) => org.RoleChanges.RequestAsync(admin, org.Id, admin, OrgRole.Member));

    /// <summary>The only two Admins each deactivate themselves at the same moment: the organization keeps one.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task The_only_two_admins_deactivating_themselves_at_once_keep_one() =>
        RaceSelfRemovalsAsync((org, admin) => org.RoleChanges.RequestDeactivationAsync(admin, org.Id, admin));

    /// <summary>One pending change confirmed from several scopes at once is applied once, with one audit entry.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task One_pending_change_confirmed_from_several_scopes_applies_once() =>
        RaceRoundsAsync(racers: 4, async (org, racers) =>
        {
            var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

            var results = await RaceCounter.RunAsync(
                racers.Select(racer => (Func<Task<ConfirmChangeResult>>)(() => racer.RoleChanges.ConfirmAsync(Ada, pending.Id).AsTask())).ToArray());

            Assert.Single(results, r => r.IsSuccess);
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Applied), r.Refusal));
            Assert.Single(await org.AuditAsync(), e => e.PendingChangeId == pending.Id);
            Assert.Equal(OrgRole.Admin, (await org.MemberAsync(Grace))!.Role);
        });

    /// <summary>A confirm racing a cancel from another scope: one of them happens, never both.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_confirm_racing_a_cancel_does_one_or_the_other() =>
        RaceRoundsAsync(racers: 2, async (org, racers) =>
        {
            var pending = await org.RequestAsync(Ada, Grace, OrgRole.Admin);

            var results = await RaceCounter.RunAsync(
                async () => (await racers[0].RoleChanges.ConfirmAsync(Ada, pending.Id)).Refusal,
                async () => (await racers[1].RoleChanges.CancelAsync(Alan, pending.Id)).Refusal);

            var (confirmRefusal, cancelRefusal) = (results[0], results[1]);
            Assert.True(confirmRefusal is null ^ cancelRefusal is null, $"confirm: {confirmRefusal}; cancel: {cancelRefusal}");
            var stored = (await org.Store.FindPendingChangeAsync(pending.Id, CancellationToken.None))!;
            var audited = (await org.AuditAsync()).Count(e => e.PendingChangeId == pending.Id);
            var role = (await org.MemberAsync(Grace))!.Role;
            Assert.Equal(
                confirmRefusal is null ? (PendingChangeStatus.Applied, 1, OrgRole.Admin) : (PendingChangeStatus.Cancelled, 0, OrgRole.Member),
                (stored.Status, audited, role));
        });

    /// <summary>
    /// A purge of expired changes racing a confirm and a cancel of just-expired ones: nothing throws, the
    /// confirm is refused (expired, or not found once purged), the cancel happens or finds nothing, and
    /// no member changes.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public Task A_purge_racing_a_confirm_and_a_cancel_of_expired_changes_refuses_cleanly() =>
        RaceRoundsAsync(racers: 3, async (org, racers) =>
        {
            var toConfirm = await org.RequestAsync(Ada, Grace, OrgRole.Admin);
            var toCancel = await org.RequestAsync(Alan, Linus, OrgRole.Member);
            org.Clock.Advance(TimeSpan.FromDays(1));

            var results = await RaceCounter.RunAsync<object>(
                async () => (await racers[0].RoleChanges.PurgeExpiredAsync(Ada, org.Id)).GetValueOrThrow(),
                async () => (await racers[1].RoleChanges.ConfirmAsync(Ada, toConfirm.Id)).Refusal!,
                async () => (await racers[2].RoleChanges.CancelAsync(Alan, toCancel.Id)).Refusal ?? (object)"cancelled");

            Assert.Contains(((Refusal)results[1]).Code, new[] { RefusalCode.PendingChangeExpired, RefusalCode.PendingChangeNotFound });
            Assert.True(results[2] is "cancelled" || results[2] is PendingChangeNotFound, $"cancel: {results[2]}");
            Assert.Equal((OrgRole.Member, OrgRole.Viewer), ((await org.MemberAsync(Grace))!.Role, (await org.MemberAsync(Linus))!.Role));
            Assert.DoesNotContain(await org.AuditAsync(), e => e.PendingChangeId is not null);
            Assert.Equal((int)results[0], (await org.AuditAsync()).Sum(e => e.PurgedCount ?? 0));
        });

    /// <summary>
    /// Reads racing the reader's own deactivation (the users list, the pending changes, the audit trail,
    /// one pending change) are each authorized and served at one version: refused, or allowed and showing
    /// the organization from before the deactivation, never allowed by a read from before it and served
    /// from after it; and once a reader is refused, it stays refused. Each reader reads several times in a
    /// row, so that some reads fall after the commit however the machine schedules the racers.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Reads_racing_the_readers_deactivation_are_authorized_and_served_at_one_version()
    {
        const int readsPerReader = 3;
        var (allowed, refused) = (0, 0);
        await RaceRoundsAsync(racers: 5, requireConflicts: false, round: async (org, racers) =>
        {
            var deactivation = (await org.RoleChanges.RequestDeactivationAsync(Ada, org.Id, Alan)).GetValueOrThrow();
            var reads = new Func<Task<Refusal?>>[]
            {
                async () => Check(await racers[0].Directory.ListMembersAsync(Alan, org.Id), page => page.Items.Single(m => m.UserId == Alan).Status == MembershipStatus.Active),
                async () => Check(await racers[1].Directory.ListPendingChangesAsync(Alan, org.Id), page => page.Items.Any(c => c.Id == deactivation.Id)),
                async () => Check(await racers[2].Directory.ListAuditEntriesAsync(Alan, org.Id), page => page.Items.All(e => e.PendingChangeId != deactivation.Id)),
                async () => Check(await racers[3].Directory.FindPendingChangeAsync(Alan, deactivation.Id), change => change.Status == PendingChangeStatus.Pending),
            };

            var results = await RaceCounter.RunAsync(reads
                .Select(read => (Func<Task<Refusal?[]>>)(async () =>
                {
                    var seen = new Refusal?[readsPerReader];
                    for (var i = 0; i < seen.Length; i++)
                    {
                        seen[i] = await read();
                        await Task.Yield();
                    }

                    return seen;
                }))
                .Append(async () => [(await racers[4].RoleChanges.ConfirmAsync(Ada, deactivation.Id)).Refusal])
                .ToArray());

            Assert.Null(results[^1][0]);
            foreach (var seen in results[..^1])
            {
                Assert.All(seen, r => Assert.True(r is null or NotAnActiveMember or NotAnActiveAdmin, $"refused with {r}"));
                Assert.True(seen.SkipWhile(r => r is null).All(r => r is not null), "A reader refused after the deactivation was allowed again.");
                allowed += seen.Count(r => r is null);
                refused += seen.Count(r => r is not null);
            }
        });

        Assert.True(allowed > 0 && refused > 0, $"{allowed} reads allowed and {refused} refused: the reads never raced the deactivation.");
    }

    private Task RaceSelfRemovalsAsync(Func<OrganizationUnderTest, UserId, ValueTask<RequestChangeResult>> request) =>
        RaceRoundsAsync(racers: 2, async (org, racers) =>
        {
            var ada = (await request(org, Ada)).GetValueOrThrow();
            var alan = (await request(org, Alan)).GetValueOrThrow();

            var results = await RaceCounter.RunAsync(
                () => racers[0].RoleChanges.ConfirmAsync(Ada, ada.Id).AsTask(),
                () => racers[1].RoleChanges.ConfirmAsync(Alan, alan.Id).AsTask());

            Assert.Equal(1, await org.ActiveAdminsAsync());
            var winner = results[0].IsSuccess ? 0 : 1;
            Assert.True(results[winner].IsSuccess, results[winner].Refusal?.Reason);
            Assert.Equal(new LastActiveAdmin(org.Id, winner == 0 ? Alan : Ada), results[1 - winner].Refusal);
            Assert.Single(await org.AuditAsync(), e => e.PendingChangeId is { } id && (id == ada.Id || id == alan.Id));
        });

    /// <summary>
    /// Runs <paramref name="round"/> <see cref="Rounds"/> times, each on a fresh organization seen
    /// through <paramref name="racers"/> independent racing scopes; fails if no round raced (met a
    /// version conflict), unless the caller proves the overlap itself. When the racers'
    /// writes <paramref name="queues"/> in the store's <see cref="IOrganizationStore.WriteAsync"/>,
    /// it fails if any conflict happened instead.
    /// </summary>
    private async Task RaceRoundsAsync(
        int racers, Func<OrganizationUnderTest, IReadOnlyList<OrganizationUnderTest>, Task> round, bool requireConflicts = true, bool queues = false)
    {
        var counter = new RaceCounter();
        for (var i = 0; i < Rounds; i++)
        {
            var (scope, org) = await SeededAsync();
            var scopes = Enumerable.Range(0, racers).Select(_ => Fixture.OpenScope()).Append(scope).ToList();
            try
            {
                await round(org, scopes.Take(racers).Select(s => org.On(new RacingStore(s.Store, counter, queues))).ToList());
            }
            finally
            {
                foreach (var opened in scopes)
                {
                    await opened.DisposeAsync();
                }
            }
        }

        if (queues)
        {
            Assert.Equal(0, counter.Conflicts);
            Assert.True(counter.Overlaps > 0, "No write began while another was in the store's queue in any round: the racers never met, so the test proved nothing.");
        }
        else
        {
            Assert.True(!requireConflicts || counter.Conflicts > 0, "No version conflict occurred in any round: the racers never overlapped, so the test proved nothing.");
        }
    }

    private static Refusal? Check<T>(PageResult<T> result, Func<Page<T>, bool> fromBefore)
    {
        if (result.TryGetValue(out var page, out var refusal))
        {
            Assert.True(fromBefore(page), $"The read was allowed, but served a {typeof(T).Name} page from after the deactivation.");
        }

        return refusal;
    }

    private static Refusal? Check(PendingChangeResult result, Func<PendingChange, bool> fromBefore)
    {
        if (result.TryGetValue(out var change, out var refusal))
        {
            Assert.True(fromBefore(change), $"The read was allowed, but served {change.Status} from after the deactivation.");
        }

        return refusal;
    }

    // One write through WriteAsync: Grace's role changed by Ada, decided on what the write reads. On a thread of its own,
    // since a store may wait for the lock blocking its caller's thread (SQLite's busy handler does).
    private static Task<CommitOutcome> ChangeAsync(IOrganizationStore store, OrganizationId org, OrgRole role, CancellationToken cancellationToken) =>
        Task.Run(() => WriteAsync(store, org, role, afterRead: null, cancellationToken), CancellationToken.None);

    /// <summary>
    /// Starts a writer while another scope holds the organization's lock, and returns it once it waits for the
    /// lock, as the fixture counts it (<see cref="StoreFixture.WritersWaiting"/>: none before it starts, one
    /// then); a writer that ends without being counted fails the test, as it did not wait for the held lock. A
    /// fixture that cannot tell gives it 100 ms: a writer that has not reached its wait by then takes a path
    /// other tests take (refused at once, or not yet holding anything).
    /// </summary>
    private async Task<TWriter> WaitingAsync<TWriter>(OrganizationId org, Func<TWriter> start)
        where TWriter : Task
    {
        if (Fixture.WritersWaiting(org) is not { } before)
        {
            var unseen = start();
            await Task.WhenAny(unseen, Task.Delay(TimeSpan.FromMilliseconds(100)));
            return unseen;
        }

        Assert.Equal(0, before);
        var writer = start();
        var safetyNet = Task.Delay(SafetyNet);
        while (Fixture.WritersWaiting(org) != 1 && !writer.IsCompleted)
        {
            if (safetyNet.IsCompleted)
            {
                throw new TimeoutException($"The fixture never counted the writer waiting for the held lock within {SafetyNet.TotalSeconds:F0} s.");
            }

            await Task.Delay(1);
        }

        Assert.False(writer.IsCompleted, "The writer ended without waiting for the lock another scope holds.");
        return writer;
    }

    /// <summary>No writer of the organization still counted as waiting, where the fixture can tell.</summary>
    private void AssertNoneWaiting(OrganizationId org)
    {
        if (Fixture.WritersWaiting(org) is { } waiting)
        {
            Assert.Equal(0, waiting);
        }
    }

    // A write that reads (so that the lock is held on every store, including one that takes it with its first read),
    // says so through the first task, waits for release, then makes Grace an Admin.
    private static (Task Holding, Task<CommitOutcome> Written) HoldLock(IOrganizationStore store, OrganizationId org, Task release)
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = WriteAsync(store, org, OrgRole.Admin, () =>
        {
            holding.SetResult();
            return release;
        }, CancellationToken.None);
        return (holding.Task, written);
    }

    // A write that reads, then throws: at once, or once the gate opens.
    private static Task<CommitOutcome> FailAsync(IOrganizationStore store, OrganizationId org, string message, Task? gate) =>
        WriteAsync(store, org, OrgRole.Admin, async () =>
        {
            if (gate is not null)
            {
                await gate;
            }

            throw new InvalidOperationException(message);
        }, CancellationToken.None);

    private static Task<CommitOutcome> WriteAsync(IOrganizationStore store, OrganizationId org, OrgRole role, Func<Task>? afterRead, CancellationToken cancellationToken) =>
        store.WriteAsync(org, (store, org, role, afterRead), static async (state, token) =>
        {
            var read = await state.store.LoadSnapshotAsync(state.org, Ada, Grace, null, token);
            if (state.afterRead is not null)
            {
                await state.afterRead();
            }

            return await state.store.CommitAsync(Commit(read!, state.role), token);
        }, cancellationToken).AsTask();

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
