using Vectice.Organization.Stores;
using Xunit;
using static Vectice.Organization.Testing.OrganizationUnderTest;

namespace Vectice.Organization.Testing;

/// <summary>
/// Every read and the write of <see cref="IOrganizationStore"/>, called directly: what is
/// committed reads back exactly, a stale commit writes nothing, and keyset paging neither loses
/// nor repeats a row.
/// </summary>
/// <typeparam name="TFixture">The store under test.</typeparam>
public abstract class StoreContractSpecification<TFixture> : StoreSpecification<TFixture>
    where TFixture : StoreFixture
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Creates the suite over <paramref name="fixture"/>.</summary>
    /// <param name="fixture">The store under test.</param>
    protected StoreContractSpecification(TFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>A new organization reads back with its founder, its version and its first audit entry.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_created_organization_reads_back_exactly()
    {
        SkipIfUnavailable();
        await using var scope = Fixture.OpenScope();
        var org = OrganizationUnderTest.Create(scope.Store);
        var settings = new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: false);
        var created = (await org.Provisioning.CreateOrganizationAsync(org.Id, "Kit Org", Profile(Ada), settings)).GetValueOrThrow();

        var snapshot = await scope.Store.LoadSnapshotAsync(org.Id, Ada, Stranger, null, None);

        Assert.NotNull(snapshot);
        Assert.Equal(created, snapshot.Organization);
        Assert.Equal(new Membership(org.Id, Profile(Ada), OrgRole.Admin, MembershipStatus.Active), snapshot.Actor);
        Assert.Null(snapshot.Target);
        Assert.Null(snapshot.PendingChange);
        Assert.Equal(1, snapshot.ActiveAdminCount);
        var entry = Assert.Single(await org.AuditAsync());
        Assert.True(entry.Sequence > 0);
        Assert.Equal((AuditAction.OrganizationCreated, Ada, Start), (entry.Action, entry.Target, entry.At));
    }

    /// <summary>Creating an organization that exists is a version conflict and writes nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Creating_an_existing_organization_conflicts_and_writes_nothing()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var audit = await org.AuditAsync();
        var commit = new OrganizationCommit
        {
            Organization = new OrganizationInfo(org.Id, "Impostor", default, version: 1),
            AddedMemberships = [new Membership(org.Id, Profile(Stranger), OrgRole.Admin, MembershipStatus.Active)],
            AuditEntries = [Entry(org, AuditAction.OrganizationCreated, Stranger)],
        };

        Assert.Equal(CommitOutcome.VersionConflict, await scope.Store.CommitAsync(commit, None));
        Assert.Null(await org.MemberAsync(Stranger));
        Assert.Equal(audit, await org.AuditAsync());
        Assert.Equal("Kit Org", (await Snapshot(org)).Organization.Name);
    }

    /// <summary>A commit decided on an old version conflicts and writes none of its parts.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_commit_on_a_stale_version_conflicts_and_writes_none_of_its_parts()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var stale = await Snapshot(org);
        var pending = await org.RequestAsync(Ada, Grace, OrgRole.Viewer);
        var audit = await org.AuditAsync();

        var commit = new OrganizationCommit
        {
            Organization = stale.Organization.NextVersionForTest(),
            AddedMemberships = [new Membership(org.Id, Profile(Stranger), OrgRole.Admin, MembershipStatus.Active)],
            UpdatedMemberships = [stale.Target!.WithState(new MembershipState(OrgRole.Viewer, MembershipStatus.Deactivated))],
            UpdatedPendingChange = pending with { Status = PendingChangeStatus.Cancelled, ClosedBy = Ada, ClosedAt = Start },
            AuditEntries = [Entry(org, AuditAction.MemberAdded, Stranger)],
        };

        Assert.Equal(CommitOutcome.VersionConflict, await scope.Store.CommitAsync(commit, None));
        var now = await Snapshot(org);
        Assert.Equal(stale.Organization.Version + 1, now.Organization.Version);
        Assert.Null(await org.MemberAsync(Stranger));
        Assert.Equal(stale.Target, now.Target);
        Assert.Equal(pending, await scope.Store.FindPendingChangeAsync(pending.Id, None));
        Assert.Equal(audit, await org.AuditAsync());
    }

    /// <summary>
    /// A commit only closes a pending change: one whose updated pending change is not applied or cancelled, or
    /// lacks its closer or time, is refused with an <see cref="ArgumentException"/> naming it, and writes nothing.
    /// (What was requested never changes once stored; a commit that alters it anyway is its caller's fault, which
    /// a store may write or leave.)
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_commit_that_updates_a_pending_change_without_closing_it_is_refused()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var pending = await org.RequestAsync(Ada, Grace, OrgRole.Viewer);
        var read = await Snapshot(org);
        var closed = pending with { Status = PendingChangeStatus.Cancelled, ClosedBy = Ada, ClosedAt = Start };

        foreach (var notClosed in (PendingChange[])[pending, closed with { Status = default }, closed with { ClosedBy = null }, closed with { ClosedAt = null }])
        {
            var commit = new OrganizationCommit { Organization = read.Organization.NextVersionForTest(), UpdatedPendingChange = notClosed };
            Assert.Equal("commit", (await Assert.ThrowsAsync<ArgumentException>(async () => await scope.Store.CommitAsync(commit, None))).ParamName);
        }

        Assert.Equal(pending, await scope.Store.FindPendingChangeAsync(pending.Id, None));
        Assert.Equal(read.Organization.Version, (await Snapshot(org)).Organization.Version);
    }

    /// <summary>Every field of pending changes and audit entries round-trips, and a commit bumps the version by one.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Pending_changes_and_audit_entries_round_trip_exactly()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        org.Clock.Advance(TimeSpan.FromTicks(1_234_560));
        var before = (await Snapshot(org)).Organization.Version;
        var pending = await org.RequestAsync(Ada, Linus, OrgRole.Member);
        Assert.Equal(before + 1, (await Snapshot(org)).Organization.Version);

        Assert.Equal(pending, await scope.Store.FindPendingChangeAsync(pending.Id, None));
        Assert.Equal(pending, (await scope.Store.LoadSnapshotAsync(org.Id, Ada, Linus, pending.Id, None))!.PendingChange);

        var applied = (await org.RoleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();
        Assert.Equal(applied.PendingChange, await scope.Store.FindPendingChangeAsync(pending.Id, None));
        Assert.Equal(applied.Membership, await org.MemberAsync(Linus));
        var entry = (await org.AuditAsync())[^1];
        Assert.Equal(
            (org.Id, applied.PendingChange.ClosedAt!.Value, Ada, AuditAction.RoleChanged, Linus, (MembershipState?)pending.From, pending.To, (PendingChangeId?)pending.Id),
            (entry.OrganizationId, entry.At, entry.Actor, entry.Action, entry.Target, entry.Before, entry.After, entry.PendingChangeId));
    }

    /// <summary>A snapshot reads a pending change only when it belongs to the organization asked for.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_snapshot_reads_only_its_own_organizations_pending_change()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var other = await OrganizationUnderTest.Create(scope.Store).SeedAsync();
        var pending = await other.RequestAsync(Ada, Grace, OrgRole.Admin);

        Assert.Null((await scope.Store.LoadSnapshotAsync(org.Id, Ada, Grace, pending.Id, None))!.PendingChange);
        Assert.Null((await scope.Store.LoadSnapshotAsync(org.Id, Ada, Grace, PendingChangeId.New(org.Id), None))!.PendingChange);
        Assert.Equal(pending, (await scope.Store.LoadSnapshotAsync(other.Id, Ada, Grace, pending.Id, None))!.PendingChange);
    }

    /// <summary>
    /// A commit is refused with an <see cref="ArgumentException"/> naming it when it is
    /// null, names no organization, or writes a row of another organization than the one whose version it carries;
    /// nothing is written.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_commit_that_writes_another_organizations_rows_is_refused_and_writes_nothing()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var other = await OrganizationUnderTest.Create(scope.Store).SeedAsync();
        var theirChange = await other.RequestAsync(Ada, Linus, OrgRole.Member);
        var theirAudit = await other.AuditAsync();
        var read = (await scope.Store.LoadSnapshotAsync(org.Id, Ada, Ada, null, None))!;
        var theirs = (await scope.Store.FindMembershipAsync(other.Id, Grace, None))!;
        var next = read.Organization.NextVersionForTest();

        // Each kind of row a commit carries, one of the other organization's in each: a store that checks some kinds only fails here.
        (string Row, OrganizationCommit Commit)[] crossings =
        [
            ("an added membership", new OrganizationCommit { Organization = next, AddedMemberships = [theirs] }),
            ("an updated membership", new OrganizationCommit { Organization = next, UpdatedMemberships = [theirs.WithState(theirs.State with { Role = OrgRole.Admin })] }),
            ("an audit entry", new OrganizationCommit { Organization = next, AuditEntries = [theirAudit[0]] }),
            ("an added pending change", new OrganizationCommit { Organization = next, AddedPendingChange = theirChange }),
            ("an updated pending change", new OrganizationCommit { Organization = next, UpdatedPendingChange = theirChange }),
            ("a removed pending change", new OrganizationCommit { Organization = next, RemovedPendingChanges = [theirChange.Id] }),
        ];
        foreach (var (row, crossing) in crossings)
        {
            var refused = await Record.ExceptionAsync(async () => await scope.Store.CommitAsync(crossing, None));
            Assert.True(refused is ArgumentException { ParamName: "commit" }, $"A commit with {row} of another organization was not refused with an ArgumentException naming it: {refused?.ToString() ?? "it was accepted"}.");
        }

        Assert.Equal("commit", (await Assert.ThrowsAsync<ArgumentNullException>(async () => await scope.Store.CommitAsync(null!, None))).ParamName);
        Assert.Equal("commit", (await Assert.ThrowsAsync<ArgumentException>(async () => await scope.Store.CommitAsync(new OrganizationCommit { Organization = null! }, None))).ParamName);
        Assert.Equal(OrgRole.Member, (await other.MemberAsync(Grace))!.Role);
        Assert.Equal(theirChange, await scope.Store.FindPendingChangeAsync(theirChange.Id, None));
        Assert.Equal(theirAudit.Count, (await other.AuditAsync()).Count);
        Assert.Equal(read.Organization.Version, (await scope.Store.LoadSnapshotAsync(org.Id, Ada, Ada, null, None))!.Organization.Version);
    }

    /// <summary>A pending change's snapshot reads the change with its organization, the actor and the change's target.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_pending_change_snapshot_reads_it_with_its_organization_actor_and_target()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var pending = await org.RequestAsync(Ada, Linus, OrgRole.Member);
        var expected = (await scope.Store.LoadSnapshotAsync(org.Id, Alan, Linus, pending.Id, None))!;

        var read = await scope.Store.LoadPendingChangeSnapshotAsync(pending.Id, Alan, None);

        Assert.Equal(expected, read);
        Assert.Equal((Alan, Linus, pending), (read!.Actor!.UserId, read.Target!.UserId, read.PendingChange));
        Assert.Null((await scope.Store.LoadPendingChangeSnapshotAsync(pending.Id, Stranger, None))!.Actor);
        Assert.Null(await scope.Store.LoadPendingChangeSnapshotAsync(PendingChangeId.New(org.Id), Ada, None));

        // A change is found by its organization and its GUID together: the GUID under another organization is no change.
        var other = await OrganizationUnderTest.Create(scope.Store).SeedAsync();
        var elsewhere = new PendingChangeId(other.Id, pending.Id.Value);
        Assert.Null(await scope.Store.LoadPendingChangeSnapshotAsync(elsewhere, Ada, None));
        Assert.Null(await scope.Store.FindPendingChangeAsync(elsewhere, None));
    }

    /// <summary>Audit sequences increase in commit order within an organization.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Audit_sequences_increase_in_commit_order()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var other = await OrganizationUnderTest.Create(scope.Store).SeedAsync();
        await org.AddAsync(Stranger, OrgRole.Viewer);

        var trail = await org.AuditAsync();

        Assert.Equal(
            [AuditAction.OrganizationCreated, AuditAction.MemberAdded, AuditAction.MemberAdded, AuditAction.MemberAdded, AuditAction.MemberAdded],
            trail.Select(e => e.Action));
        Assert.Equal(Stranger, trail[^1].Target);
        Assert.Equal(trail.Select(e => e.Sequence).Order(), trail.Select(e => e.Sequence));
        Assert.Equal(trail.Count, trail.Select(e => e.Sequence).Distinct().Count());
        Assert.All(await other.AuditAsync(), e => Assert.Equal(other.Id, e.OrganizationId));
    }

    /// <summary>Paging through more than 1,000 members returns each once, with filters and cursors.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Paging_through_1050_members_loses_and_repeats_none()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var snapshot = await Snapshot(org);
        var added = Enumerable.Range(0, 1046)
            .Select(i => new Membership(org.Id, Profile(new UserId($"m{i:D5}")), (OrgRole)(1 + (i % 3)), i % 7 == 0 ? MembershipStatus.Deactivated : MembershipStatus.Active))
            .ToList();
        var commit = new OrganizationCommit { Organization = snapshot.Organization.NextVersionForTest(), AddedMemberships = added };
        Assert.Equal(CommitOutcome.Committed, await scope.Store.CommitAsync(commit, None));

        var all = await ReadAllAsync(scope, org, new MemberQuery { Limit = 97 });
        Assert.Equal(1050, all.Count);
        Assert.Equal(all, await Pages.ReadAllAsync(scope.Store, org.Id, new MemberQuery { Limit = 97 }).ToListAsync());
        Assert.Equal(all.Count, all.Select(m => m.UserId).Distinct().Count());
        Assert.Equal(added.Count, added.Intersect(all).Count());

        var activeViewers = await ReadAllAsync(scope, org, new MemberQuery { Limit = 13, Role = OrgRole.Viewer, Status = MembershipStatus.Active });
        Assert.Equal(all.Where(m => m is { Role: OrgRole.Viewer, Status: MembershipStatus.Active }).Select(m => m.UserId).ToHashSet(), activeViewers.Select(m => m.UserId).ToHashSet());
        Assert.Equal(activeViewers.Count, activeViewers.Distinct().Count());
        Assert.Equal(2 + added.Count(m => m.IsActiveAdmin), (await Snapshot(org)).ActiveAdminCount);
    }

    /// <summary>
    /// Members are listed in the order of <see cref="UserId.CompareTo"/>, Unicode code points (the order of
    /// the ids' UTF-8 bytes), whatever the database's own collation: not linguistic ("B" after "a"), not
    /// case-folded, and not UTF-16's ("😀", a surrogate pair, after "Ａ", U+FF21). Paged or not, alike.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Members_are_listed_in_code_point_order_of_their_ids()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var snapshot = await Snapshot(org);
        string[] ids = ["a", "B", "Z", "b", "é", "e", "\uFF21", "\U0001F600", "\uFFFD", "\u00DF", "ss", "A-1", "A1", "a_b", "\uD7FF", "\uE000"];
        var added = ids.Select(id => new Membership(org.Id, Profile(new UserId(id)), OrgRole.Viewer, MembershipStatus.Active)).ToList();
        var commit = new OrganizationCommit { Organization = snapshot.Organization.NextVersionForTest(), AddedMemberships = added };
        Assert.Equal(CommitOutcome.Committed, await scope.Store.CommitAsync(commit, None));

        var listed = (await ReadAllAsync(scope, org, new MemberQuery { Limit = 1000 })).Select(m => m.UserId).ToList();
        var expected = listed.Order().ToList();
        var paged = (await ReadAllAsync(scope, org, new MemberQuery { Limit = 3 })).Select(m => m.UserId).ToList();

        Assert.Subset(listed.ToHashSet(), ids.Select(id => new UserId(id)).ToHashSet());
        Assert.Equal(expected, listed);
        Assert.Equal(expected, paged);
    }

    /// <summary>Only open pending changes are listed, paged by id without loss or repeat.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Pending_changes_list_open_ones_only_paged_by_id()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var open = new List<PendingChange>();
        for (var i = 0; i < 7; i++)
        {
            open.Add(await org.RequestAsync(Ada, i % 2 == 0 ? Grace : Linus, OrgRole.Admin));
        }

        var closed = await org.RequestAsync(Ada, Grace, OrgRole.Viewer);
        await org.RoleChanges.CancelAsync(Ada, closed.Id);

        var listed = new List<PendingChange>();
        var query = new PendingChangeQuery { Limit = 3 };
        while (true)
        {
            var page = await scope.Store.ListPendingChangesAsync(org.Id, query, None);
            listed.AddRange(page.Items);
            if (!page.HasMore)
            {
                break;
            }

            Assert.Equal(query.CursorAfter(page.Items[^1]), page.Next);
            query = query with { After = page.Next };
        }

        Assert.Equal(open.Select(p => p.Id).Order(), listed.Select(p => p.Id));
        Assert.Equal(open.ToHashSet(), listed.ToHashSet());
        Assert.Equal(listed, await Pages.ReadAllAsync(scope.Store, org.Id, new PendingChangeQuery { Limit = 2 }).ToListAsync());
    }

    /// <summary>The audit trail reads from a cursor, a page at a time.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task The_audit_trail_reads_from_a_cursor()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var trail = await org.AuditAsync();

        var first = await scope.Store.ListAuditEntriesAsync(org.Id, new AuditQuery { Limit = 3 }, None);
        var rest = await scope.Store.ListAuditEntriesAsync(org.Id, new AuditQuery { After = first.Next }, None);

        Assert.Equal(new AuditQuery().CursorAfter(first.Items[^1]), first.Next);
        Assert.Null(rest.Next);
        Assert.Equal(trail, first.Items.Concat(rest.Items));
    }

    /// <summary>The audit trail filters by target, actor, action and time, and pages with the cursor under a filter.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task The_audit_trail_filters_by_target_actor_action_and_time()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        org.Clock.Advance(TimeSpan.FromMinutes(10));
        var first = await org.RequestAsync(Ada, Grace, OrgRole.Admin);
        (await org.RoleChanges.ConfirmAsync(Ada, first.Id)).GetValueOrThrow();
        org.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await org.RequestAsync(Grace, Linus, OrgRole.Member);
        (await org.RoleChanges.ConfirmAsync(Grace, second.Id)).GetValueOrThrow();
        var all = await org.AuditAsync();

        async Task<IReadOnlyList<AuditEntry>> Read(AuditQuery query) => (await scope.Store.ListAuditEntriesAsync(org.Id, query, None)).Items;

        Assert.Equal(all.Where(e => e.Target == Grace), await Read(new AuditQuery { Target = Grace }));
        Assert.Equal(all.Where(e => e.Actor == Grace), await Read(new AuditQuery { Actor = Grace }));
        Assert.Equal(all.Where(e => e.Action == AuditAction.RoleChanged), await Read(new AuditQuery { Action = AuditAction.RoleChanged }));
        Assert.Equal([all[^1]], await Read(new AuditQuery { Since = Start.AddMinutes(20) }));
        Assert.Equal(all.Take(all.Count - 1), await Read(new AuditQuery { Until = Start.AddMinutes(20) }));
        Assert.Equal([all[^2]], await Read(new AuditQuery { Since = Start.AddMinutes(5), Until = Start.AddMinutes(15) }));

        var firstPage = await scope.Store.ListAuditEntriesAsync(org.Id, new AuditQuery { Action = AuditAction.MemberAdded, Limit = 2 }, None);
        var rest = await Read(new AuditQuery { Action = AuditAction.MemberAdded, After = firstPage.Next });
        Assert.True(firstPage.HasMore);
        Assert.Equal(all.Where(e => e.Action == AuditAction.MemberAdded), firstPage.Items.Concat(rest));

        Assert.Equal(all, await Pages.ReadAllAsync(scope.Store, org.Id, new AuditQuery { Limit = 2 }).ToListAsync());
    }

    /// <summary>A bulk change reads back with its members, reads several memberships at once, and applies all or nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_bulk_change_round_trips_and_applies_all_or_nothing()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;

        var members = await scope.Store.FindMembershipsAsync(org.Id, [Grace, Linus, Stranger], None);
        Assert.Equal([Grace, Linus], members.Select(m => m.UserId).Order());

        var bulk = (await org.RoleChanges.RequestBulkAsync(Ada, org.Id, [Linus, Grace], OrgRole.Admin)).GetValueOrThrow();
        var read = (await scope.Store.FindPendingChangeAsync(bulk.Id, None))!;
        Assert.Equal((ChangeKind.BulkChangeRole, bulk.To), (read.Kind, read.To));
        Assert.Equal(bulk.Members, read.Members);

        (await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).GetValueOrThrow();
        Assert.Equal(2, (await org.AuditAsync()).Count(e => e.PendingChangeId == bulk.Id));
        Assert.Equal(4, await org.ActiveAdminsAsync());
    }

    /// <summary>
    /// A list of ids is read once: the ids a store checks are the ids it reads by, whatever the caller's
    /// collection gives on a second read (here, a default id).
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_list_of_ids_is_read_once_and_read_by_as_checked()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;

        var members = await scope.Store.FindMembershipsAsync(org.Id, new DefaultAfterFirstRead<UserId>([Grace, Linus]), None);
        var versions = await scope.Store.FindVersionsAsync(new DefaultAfterFirstRead<OrganizationId>([org.Id]), None);

        Assert.Equal([Grace, Linus], members.Select(m => m.UserId).Order());
        Assert.Equal([org.Id], versions.Keys);
    }

    /// <summary>Expired pending changes are listed earliest expiry first and purged by Admins in bounded batches, only they, and each purge is audited.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Expired_pending_changes_are_purged_by_admins_in_bounded_audited_batches()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        var old = new List<PendingChange>();
        for (var i = 0; i < 3; i++)
        {
            old.Add(await org.RequestAsync(Ada, Grace, OrgRole.Admin));
            org.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var applied = await org.RequestAsync(Ada, Linus, OrgRole.Member);
        (await org.RoleChanges.ConfirmAsync(Ada, applied.Id)).GetValueOrThrow();
        org.Clock.Advance(TimeSpan.FromMinutes(10));
        var fresh = await org.RequestAsync(Ada, Grace, OrgRole.Viewer);
        org.Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await scope.Store.ListExpiredPendingChangesAsync(org.Id, org.Clock.GetUtcNow(), 100, None);
        Assert.Equal(old.Append(applied).Select(c => c.Id), expired);

        var trail = await org.AuditAsync();
        Assert.Equal(new NotAnActiveAdmin(org.Id, Grace), (await org.RoleChanges.PurgeExpiredAsync(Grace, org.Id)).Refusal);
        Assert.Equal(new OrganizationNotFound(org.Id), (await org.RoleChanges.PurgeExpiredAsync(Stranger, org.Id)).Refusal);
        Assert.Equal(trail, await org.AuditAsync());

        Assert.Equal(2, (await org.RoleChanges.PurgeExpiredAsync(Ada, org.Id, limit: 2)).GetValueOrThrow());
        Assert.Equal(2, (await org.RoleChanges.PurgeExpiredAsync(Alan, org.Id, limit: 2)).GetValueOrThrow());
        Assert.Equal(0, (await org.RoleChanges.PurgeExpiredAsync(Ada, org.Id, limit: 2)).GetValueOrThrow());

        Assert.All(old.Append(applied), c => Assert.Null(scope.Store.FindPendingChangeAsync(c.Id, None).AsTask().Result));
        Assert.Equal(fresh, await scope.Store.FindPendingChangeAsync(fresh.Id, None));
        Assert.Equal(RefusalCode.PendingChangeNotFound, (await org.RoleChanges.ConfirmAsync(Ada, old[0].Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.OrganizationNotFound, (await org.RoleChanges.PurgeExpiredAsync(Ada, new OrganizationId($"missing-{Guid.NewGuid():N}"))).Refusal?.Code);

        // The trail explains every disappearance: one entry per purge that removed something, with its count and cutoff.
        var purges = (await org.AuditAsync()).Where(e => e.Action == AuditAction.PendingChangesPurged).ToList();
        var now = org.Clock.GetUtcNow();
        Assert.Equal(
            [(Ada, 2, (DateTimeOffset?)now), (Alan, 2, now)],
            purges.Select(e => (e.Actor, e.PurgedCount!.Value, e.PurgeCutoff)));
        Assert.All(purges, e => Assert.Equal((e.Actor, (MembershipState?)e.After), (e.Target, e.Before)));
        Assert.Equal(old.Count + 1, purges.Sum(e => e.PurgedCount));
    }

    /// <summary>Expired pending changes are listed earliest expiry first, not in the order they were requested.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Expired_pending_changes_are_listed_earliest_expiry_first()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        // Requested in the reverse order of their expiry, so that neither request order nor a random id order passes.
        var requests = new (UserId Target, OrgRole Role, TimeSpan TimeToLive)[]
        {
            (Grace, OrgRole.Admin, TimeSpan.FromHours(5)),
            (Linus, OrgRole.Member, TimeSpan.FromHours(4)),
            (Alan, OrgRole.Member, TimeSpan.FromHours(3)),
            (Ada, OrgRole.Viewer, TimeSpan.FromHours(2)),
        };
        var requested = new List<PendingChange>();
        foreach (var (target, role, timeToLive) in requests)
        {
            var service = new RoleChangeService(
                scope.Store, Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions { PendingChangeTimeToLive = timeToLive }), org.Clock);
            requested.Add((await service.RequestAsync(Ada, org.Id, target, role)).GetValueOrThrow());
            org.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        org.Clock.Advance(TimeSpan.FromHours(6));

        var earliestFirst = requested.AsEnumerable().Reverse().Select(c => c.Id).ToList();
        Assert.Equal(earliestFirst, await scope.Store.ListExpiredPendingChangesAsync(org.Id, org.Clock.GetUtcNow(), 100, None));
        Assert.Equal(earliestFirst.Take(2), await scope.Store.ListExpiredPendingChangesAsync(org.Id, org.Clock.GetUtcNow(), 2, None));
    }

    /// <summary>Reads of an organization that does not exist are empty, not errors.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Reads_of_an_unknown_organization_are_empty()
    {
        SkipIfUnavailable();
        await using var scope = Fixture.OpenScope();
        var unknown = new OrganizationId($"missing-{Guid.NewGuid():N}");

        Assert.Null(await scope.Store.LoadSnapshotAsync(unknown, Ada, Ada, null, None));
        Assert.Null(await scope.Store.FindMembershipAsync(unknown, Ada, None));
        Assert.Null(await scope.Store.FindPendingChangeAsync(PendingChangeId.New(unknown), None));
        Assert.Null(await scope.Store.LoadPendingChangeSnapshotAsync(PendingChangeId.New(unknown), Ada, None));
        Assert.Empty((await scope.Store.ListMembersAsync(unknown, new MemberQuery(), None)).Items);
        Assert.Empty((await scope.Store.ListPendingChangesAsync(unknown, new PendingChangeQuery(), None)).Items);
        Assert.Empty((await scope.Store.ListAuditEntriesAsync(unknown, new AuditQuery(), None)).Items);
        var orphan = new Membership(unknown, Profile(Ada), OrgRole.Admin, MembershipStatus.Active);
        Assert.Equal(
            CommitOutcome.VersionConflict,
            await scope.Store.CommitAsync(new OrganizationCommit { Organization = new OrganizationInfo(unknown, "Ghost", default, 2), UpdatedMemberships = [orphan] }, None));
    }

    /// <summary>A token cancelled before the call is honoured by every method of the contract: each throws, nothing is written, and <see cref="IOrganizationStore.WriteAsync"/> runs nothing.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task A_cancelled_token_is_honoured()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var pending = await org.RequestAsync(Ada, Linus, OrgRole.Member);
        var commit = new OrganizationCommit { Organization = (await Snapshot(org)).Organization.NextVersionForTest() };
        var store = scope.Store;
        var token = cancelled.Token;
        var wrote = false;

        // Every method of the contract, each with a token cancelled before the call.
        (string Method, Func<Task> Call)[] calls =
        [
            (nameof(store.LoadSnapshotAsync), async () => await store.LoadSnapshotAsync(org.Id, Ada, Ada, null, token)),
            (nameof(store.LoadPendingChangeSnapshotAsync), async () => await store.LoadPendingChangeSnapshotAsync(pending.Id, Ada, token)),
            (nameof(store.FindMembershipAsync), async () => await store.FindMembershipAsync(org.Id, Ada, token)),
            (nameof(store.FindMembershipsAsync), async () => await store.FindMembershipsAsync(org.Id, [Ada, Linus], token)),
            (nameof(store.FindVersionsAsync), async () => await store.FindVersionsAsync([org.Id], token)),
            (nameof(store.FindPendingChangeAsync), async () => await store.FindPendingChangeAsync(pending.Id, token)),
            (nameof(store.ListMembersAsync), async () => await store.ListMembersAsync(org.Id, new MemberQuery(), token)),
            (nameof(store.ListPendingChangesAsync), async () => await store.ListPendingChangesAsync(org.Id, new PendingChangeQuery(), token)),
            (nameof(store.ListExpiredPendingChangesAsync), async () => await store.ListExpiredPendingChangesAsync(org.Id, DateTimeOffset.MaxValue, 10, token)),
            (nameof(store.ListAuditEntriesAsync), async () => await store.ListAuditEntriesAsync(org.Id, new AuditQuery(), token)),
            (nameof(store.WriteAsync), async () => await store.WriteAsync(org.Id, 0, (_, _) => { wrote = true; return ValueTask.FromResult(0); }, token)),
            (nameof(store.CommitAsync), async () => await store.CommitAsync(commit, token)),
        ];
        foreach (var (method, call) in calls)
        {
            var thrown = await Record.ExceptionAsync(call);
            Assert.True(thrown is OperationCanceledException, $"{method} with a cancelled token: {thrown?.ToString() ?? "it ran"}.");
        }

        Assert.False(wrote, "WriteAsync ran its write with a cancelled token.");
        Assert.Equal(commit.ExpectedVersion, (await Snapshot(org)).Organization.Version);
    }

    /// <summary>
    /// Text is kept exactly: ids, names and addresses beyond the Basic Multilingual Plane read back as
    /// given, and text no store can keep exactly (ill-formed UTF-16: a lone surrogate, which SQLite would
    /// turn into U+FFFD so that two ids collide) is refused with an exception naming it, before it
    /// reaches the store.
    /// </summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Well_formed_text_reads_back_exactly_and_ill_formed_text_is_refused_before_the_store()
    {
        var (scope, org) = await SeededAsync();
        await using var _ = scope;
        UserId[] ids = [new("bob"), new("bob\uFFFD"), new("bob\uD83D\uDE00"), new("b\uFF2Fb")];
        foreach (var id in ids)
        {
            var profile = new User(id, $"{id.Value}@\uD835\uDD38.example", $"Bob \uD83D\uDE00 {id.Value}");
            (await org.Provisioning.AddMemberAsync(Ada, org.Id, profile, OrgRole.Viewer)).GetValueOrThrow();
            Assert.Equal(profile, (await org.MemberAsync(id))!.User);
        }

        var members = await ReadAllAsync(scope, org, new MemberQuery { Limit = MemberQuery.MaxLimit });
        var audit = await org.AuditAsync();
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => new UserId("bob\uD800")).ParamName);
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => new OrganizationId("\uDC00acme")).ParamName);
        Assert.Equal("email", Assert.ThrowsAny<ArgumentException>(() => new User(Stranger, "bob\uD800@example.com", "Bob")).ParamName);
        Assert.Equal("displayName", Assert.ThrowsAny<ArgumentException>(() => new User(Stranger, "bob@example.com", "Bob\uDBFF")).ParamName);
        var other = OrganizationUnderTest.Create(scope.Store);
        var refused = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await other.Provisioning.CreateOrganizationAsync(other.Id, "Acme \uD800", Profile(Ada)));
        Assert.Equal("name", refused.ParamName);

        Assert.Null(await scope.Store.LoadSnapshotAsync(other.Id, Ada, Ada, null, None));
        Assert.Equal(members, await ReadAllAsync(scope, org, new MemberQuery { Limit = MemberQuery.MaxLimit }));
        Assert.Equal(audit, await org.AuditAsync());
    }

    private static async Task<OrganizationSnapshot> Snapshot(OrganizationUnderTest org) =>
        (await org.Store.LoadSnapshotAsync(org.Id, Ada, Grace, null, None))!;

    private static AuditEntry Entry(OrganizationUnderTest org, AuditAction action, UserId target) => new()
    {
        OrganizationId = org.Id,
        At = Start,
        Actor = Ada,
        Action = action,
        Target = target,
        After = new MembershipState(OrgRole.Admin, MembershipStatus.Active),
    };

    private static async Task<List<Membership>> ReadAllAsync(StoreScope scope, OrganizationUnderTest org, MemberQuery query)
    {
        var all = new List<Membership>();
        while (true)
        {
            var page = await scope.Store.ListMembersAsync(org.Id, query, None);
            Assert.True(page.Items.Count <= query.Limit);
            all.AddRange(page.Items);
            if (!page.HasMore)
            {
                return all;
            }

            Assert.Equal(query.Limit, page.Items.Count);
            Assert.Equal(query.CursorAfter(page.Items[^1]), page.Next);
            query = query with { After = page.Next };
        }
    }

    // A caller's collection that gives its items on the first read and a default value on every later one.
    private sealed class DefaultAfterFirstRead<T>(T[] items) : IReadOnlyCollection<T>
        where T : struct
    {
        private bool _read;

        public int Count => items.Length;

        public IEnumerator<T> GetEnumerator()
        {
            T[] next = _read ? [default] : items;
            _read = true;
            return ((IEnumerable<T>)next).GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
