using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Vectice.Organization.Stores;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.EntityFrameworkCore.Tests.Sharding;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// The commands a request and a confirm send, each in a scope of its own as a web host runs them. On
/// PostgreSQL a write is two commands (two round trips): its lock and its snapshot in the first, the
/// lock's statement first (after the setting that plans the transaction without table scans), so that
/// the snapshot is read once the lock is held; its writes and COMMIT in the second. SQLite's transaction
/// is the lock, so its first command reads the snapshot; its COMMIT follows its writes' command.
/// </summary>
public abstract partial class WriteCommandsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    /// <summary>The fixture, for the tests of one provider's subclass.</summary>
    protected TFixture Fixture => fixture;

    protected static readonly UserId Ada = new("ada");
    private static readonly UserId Grace = new("grace");

    /// <summary>The commands of one write before its writes: SQLite sets its busy timeout first.</summary>
    protected abstract string[] Preamble { get; }

    /// <summary>
    /// The statements that open a write's transaction, before its snapshot, in its first command: on
    /// PostgreSQL the setting that plans the transaction without table scans, then the organization's
    /// lock; none on SQLite.
    /// </summary>
    protected abstract string[] Opening { get; }

    /// <summary>Whether COMMIT is the last statement of the writes' command, instead of a round trip of its own.</summary>
    protected abstract bool CommitsWithWrites { get; }

    /// <summary>The parameters a request and its confirm send in all (PostgreSQL's notifications and lock take a few more).</summary>
    protected abstract int ParametersPerRoleChange { get; }

    [SkippableFact]
    public async Task A_request_and_a_confirm_each_send_their_lock_and_snapshot_in_one_command_then_their_writes_in_another()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (request, confirm) = await RequestAndConfirmAsync();

        AssertWrite(request, "\nFROM \"VecticeOrganizations\"", "INSERT INTO \"VecticePendingChanges\"");
        AssertWrite(confirm, "\nFROM \"VecticePendingChanges\"", "INSERT INTO \"VecticeAuditEntries\"");
    }

    [SkippableFact]
    public async Task A_requests_snapshot_does_not_read_the_pending_changes_and_a_confirms_reads_its_change()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (request, confirm) = await RequestAndConfirmAsync();

        // A request needs no pending change: no join for one, which SQLite would compile on every execution.
        Assert.DoesNotContain("\"VecticePendingChanges\"", Snapshot(request), StringComparison.Ordinal);
        Assert.Contains("\"VecticePendingChanges\"", Snapshot(confirm), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_confirm_sets_only_the_closing_columns_of_its_pending_change()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (_, confirm) = await RequestAndConfirmAsync();

        // Setting the others again would rewrite their index entries on SQLite (the expiry's) for nothing.
        Assert.Equal(["\"ClosedAt\"", "\"ClosedBy\"", "\"Status\""], SetColumns(confirm[^1], "VecticePendingChanges"));
    }

    [SkippableFact]
    public async Task Closing_a_pending_change_leaves_what_was_requested_as_stored()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = await CreateAsync("closing", withGrace: true);
        PendingChange requested;
        await using (var context = fixture.CreateContext())
        {
            requested = (await new RoleChangeService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), Options.Create(new VecticeOrganizationOptions()))
                .RequestAsync(Ada, org, Grace, OrgRole.Viewer)).GetValueOrThrow();
        }

        var read = (await SnapshotAsync(org))!.Organization;
        var closed = requested with { Status = PendingChangeStatus.Cancelled, ClosedBy = Ada, ClosedAt = requested.RequestedAt.AddMinutes(1), To = requested.To with { Role = OrgRole.Admin }, ExpiresAt = requested.ExpiresAt.AddDays(1) };
        var (outcome, _) = await RecordedAsync(store => store.CommitAsync(new OrganizationCommit { Organization = read with { Version = read.Version + 1 }, UpdatedPendingChange = closed }, CancellationToken.None).AsTask());

        Assert.Equal(CommitOutcome.Committed, outcome);
        await using var reader = fixture.CreateContext();
        Assert.Equal(requested with { Status = closed.Status, ClosedBy = closed.ClosedBy, ClosedAt = closed.ClosedAt }, await new EntityFrameworkOrganizationStore<OrganizationDbContext>(reader).FindPendingChangeAsync(requested.Id, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_snapshot_joins_the_pending_changes_table_only_for_a_pending_change_of_its_organization()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = new OrganizationId($"joins-{Guid.NewGuid():N}");

        var (_, commands) = await RecordedAsync(async store =>
        {
            await store.LoadSnapshotAsync(org, Ada, Grace, new PendingChangeId(org, Guid.NewGuid()), CancellationToken.None);
            await store.LoadSnapshotAsync(org, Ada, Grace, new PendingChangeId(new OrganizationId("another"), Guid.NewGuid()), CancellationToken.None);
            return await store.LoadSnapshotAsync(org, Ada, Grace, null, CancellationToken.None);
        });

        Assert.Equal(3, commands.Count);
        Assert.Contains("\"VecticePendingChanges\"", commands[0], StringComparison.Ordinal);
        Assert.All(commands.Skip(1), c => Assert.DoesNotContain("\"VecticePendingChanges\"", c, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Creating_an_organization_sends_its_COMMIT_apart_from_its_writes()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = new OrganizationId($"created-{Guid.NewGuid():N}");

        var (created, commands) = await RecordedAsync(store =>
            new ProvisioningService(store, Options.Create(new VecticeOrganizationOptions())).CreateOrganizationAsync(org, "Created", new User(Ada, "ada@example.com", "Ada")).AsTask());

        created.GetValueOrThrow();

        // Until COMMIT is sent the new key is held, so that a read-back after a connection lost at COMMIT waits for it (CommitReadBack).
        var writes = commands[^1];
        Assert.Contains("INSERT INTO \"VecticeOrganizations\"", writes, StringComparison.Ordinal);
        Assert.False(SqlStatements.Commits(writes));
        Assert.NotNull(await SnapshotAsync(org));
    }

    [SkippableFact]
    public async Task A_commit_on_its_own_locks_its_organization_in_a_command_before_its_writes()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = await CreateAsync("alone");
        var read = (await SnapshotAsync(org))!.Organization;
        var bumped = read with { Version = read.Version + 1 };

        var (outcome, commands) = await RecordedAsync(store => store.CommitAsync(new OrganizationCommit { Organization = bumped }, CancellationToken.None).AsTask());

        // The read-back of a lost COMMIT waits for that lock (CommitReadBack): it must be held before COMMIT is sent.
        Assert.Equal(CommitOutcome.Committed, outcome);
        Assert.Equal(Preamble.Length + (Opening.Length == 0 ? 1 : 2), commands.Count);
        if (Opening.Length > 0)
        {
            AssertOpening(commands[^2], Opening.Length);
        }

        Assert.Equal(CommitsWithWrites, SqlStatements.Commits(commands[^1]));
        Assert.Equal(bumped.Version, (await SnapshotAsync(org))!.Organization.Version);
    }

    [SkippableFact]
    public async Task A_commit_to_another_organization_than_the_one_its_write_locked_sends_its_COMMIT_apart()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (locked, other) = (await CreateAsync("locked"), await CreateAsync("other"));
        var read = (await SnapshotAsync(other))!.Organization;
        var bumped = read with { Version = read.Version + 1 };

        var (outcome, commands) = await RecordedAsync(store => store.WriteAsync(
            locked, (Store: store, Commit: new OrganizationCommit { Organization = bumped }), static (s, ct) => s.Store.CommitAsync(s.Commit, ct), CancellationToken.None).AsTask());

        // Its row is not locked before COMMIT is sent, so a read-back could not wait for it.
        Assert.Equal(CommitOutcome.Committed, outcome);
        Assert.False(SqlStatements.Commits(commands[^1]));
        Assert.Equal(bumped.Version, (await SnapshotAsync(other))!.Organization.Version);
    }

    [SkippableFact]
    public async Task A_role_change_writes_only_its_organizations_version_and_a_settings_change_writes_the_row()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (request, confirm) = await RequestAndConfirmAsync();
        var org = await CreateAsync("settings");
        var settings = new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true);
        var (changed, change) = await RecordedAsync(store => new OrganizationSettingsService(store, Options.Create(new VecticeOrganizationOptions())).ChangeAsync(Ada, org, settings).AsTask());

        changed.GetValueOrThrow();
        Assert.Equal(["\"Version\""], SetColumns(request[^1], "VecticeOrganizations"));
        Assert.Equal(["\"Version\""], SetColumns(confirm[^1], "VecticeOrganizations"));
        Assert.Equal(["\"FourEyes\"", "\"MembersCanCreateWorkspaces\"", "\"MembersCanInviteColleagues\"", "\"Name\"", "\"Version\""], SetColumns(change[^1], "VecticeOrganizations"));
        Assert.Equal(settings, (await SnapshotAsync(org))!.Organization.Settings);
    }

    [SkippableFact]
    public async Task A_commit_decided_on_an_older_read_than_the_rows_conflicts_and_leaves_the_newer_settings()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = await CreateAsync("stale");
        var (newer, _) = await TwoOtherSettingsAsync(org);

        var (outcome, _) = await RecordedAsync(async store =>
        {
            // This store read the organization before another one changed its settings: its read names the older version.
            var read = (await store.LoadSnapshotAsync(org, Ada, Ada, null, CancellationToken.None))!.Organization;
            await ChangeSettingsAsync(org, newer);
            return await store.CommitAsync(new OrganizationCommit { Organization = read with { Version = read.Version + 1 } }, CancellationToken.None);
        });

        Assert.Equal(CommitOutcome.VersionConflict, outcome);
        Assert.Equal(newer, (await SnapshotAsync(org))!.Organization.Settings);
    }

    [SkippableFact]
    public async Task A_request_inserts_its_pending_change_without_the_columns_it_leaves_null()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (request, _) = await RequestAndConfirmAsync();

        // A role change has no members of a bulk change, no settings, and is not closed yet: the database writes NULL there.
        var insert = SqlStatements.Unchecked(Assert.Single(SqlStatements.Of(request[^1]), s => s.Contains("INSERT INTO \"VecticePendingChanges\"", StringComparison.Ordinal)));
        Assert.All(["\"Members\"", "\"SettingsBefore\"", "\"SettingsAfter\"", "\"ClosedBy\"", "\"ClosedAt\""], c => Assert.DoesNotContain(c, insert, StringComparison.Ordinal));
        Assert.Contains("\"TargetUserId\"", insert, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_commit_that_renames_the_organization_its_write_read_writes_the_name()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = await CreateAsync("rename");

        // A write of the store's contract, not of a service: it reads, then commits the organization renamed.
        var (outcome, commands) = await RecordedAsync(store => store.WriteAsync(org, (Store: store, Org: org), static async (s, ct) =>
        {
            var read = (await s.Store.LoadSnapshotAsync(s.Org, Ada, Ada, null, ct))!.Organization;
            return await s.Store.CommitAsync(new OrganizationCommit { Organization = new OrganizationInfo(read.Id, "Renamed", read.Settings, read.Version + 1) }, ct);
        }, CancellationToken.None).AsTask());

        Assert.Equal(CommitOutcome.Committed, outcome);
        Assert.Contains("\"Name\"", SetColumns(commands[^1], "VecticeOrganizations"));
        Assert.Equal("Renamed", (await SnapshotAsync(org))!.Organization.Name);
    }

    [SkippableFact]
    public async Task A_read_in_a_host_transaction_rolled_back_does_not_stand_for_the_row_afterwards()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = await CreateAsync("rolled-back");
        var (a, r) = await TwoOtherSettingsAsync(org);
        await using var context = fixture.CreateContext();
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);

        // In the host's transaction, this store's first write sets A (the next version); its second reads A and finds nothing
        // to change. Then the host rolls back.
        await using (var host = await context.Database.BeginTransactionAsync())
        {
            await SetTwiceAsync(store, org, a);
            await host.RollbackAsync();
        }

        // Another writer writes that version with R; a caller reads it elsewhere and commits A through this store.
        await ChangeSettingsAsync(org, r);
        Assert.Equal(CommitOutcome.Committed, await CommitOnAFreshReadAsync(store, org, a));
        Assert.Equal(a, (await SnapshotAsync(org))!.Organization.Settings);
    }

    [SkippableFact]
    public async Task A_request_and_its_confirm_send_the_parameters_counted_in_the_docs()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var (request, confirm) = await RequestAndConfirmAsync();

        // benchmarks/README.md (twenty-eighth round) and CHANGELOG.md give these counts: 53 on PostgreSQL, 49 on SQLite.
        Assert.Equal(ParametersPerRoleChange, Parameters(request) + Parameters(confirm));
    }

    // The parameters of the commands, each counted once per command (a placeholder names one parameter of its command).
    private static int Parameters(List<string> commands) =>
        commands.Sum(c => Placeholder().Matches(c).Select(m => m.Value).Distinct(StringComparer.Ordinal).Count());

    [GeneratedRegex("@p[0-9]+\\b")]
    private static partial Regex Placeholder();

    // The columns the command's one UPDATE of the table sets, in order.
    private static string[] SetColumns(string command, string table)
    {
        var update = SqlStatements.Unchecked(Assert.Single(SqlStatements.Of(command), s => s.Contains($"UPDATE \"{table}\"", StringComparison.Ordinal)));
        var set = update[(update.IndexOf(" SET ", StringComparison.Ordinal) + 5)..update.IndexOf(" WHERE ", StringComparison.Ordinal)];
        return [.. set.Split(", ").Select(c => c[..c.IndexOf(" = ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal)];
    }

    // Two settings other than the organization's and than each other.
    protected async Task<(OrganizationSettings A, OrganizationSettings R)> TwoOtherSettingsAsync(OrganizationId org)
    {
        var settings = (await SnapshotAsync(org))!.Organization.Settings;
        return (settings with { MembersCanInviteColleagues = !settings.MembersCanInviteColleagues }, settings with { MembersCanCreateWorkspaces = !settings.MembersCanCreateWorkspaces });
    }

    // Two writes of the store: the first sets the settings, the second reads them and finds nothing to change.
    protected static async Task SetTwiceAsync(IOrganizationStore store, OrganizationId org, OrganizationSettings settings)
    {
        var service = new OrganizationSettingsService(store, Options.Create(new VecticeOrganizationOptions()));
        (await service.ChangeAsync(Ada, org, settings)).GetValueOrThrow();
        (await service.ChangeAsync(Ada, org, settings)).GetValueOrThrow();
    }

    // Another writer, on a context of its own, changes the settings.
    protected async Task ChangeSettingsAsync(OrganizationId org, OrganizationSettings settings)
    {
        await using var other = fixture.CreateContext();
        (await new OrganizationSettingsService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(other), Options.Create(new VecticeOrganizationOptions())).ChangeAsync(Ada, org, settings)).GetValueOrThrow();
    }

    // A commit through the store's contract, decided on a read made elsewhere, that sets the settings.
    protected async Task<CommitOutcome> CommitOnAFreshReadAsync(IOrganizationStore store, OrganizationId org, OrganizationSettings settings)
    {
        var fresh = (await SnapshotAsync(org))!.Organization;
        return await store.CommitAsync(new OrganizationCommit { Organization = fresh with { Version = fresh.Version + 1, Settings = settings } }, CancellationToken.None);
    }

    protected async Task<OrganizationId> CreateAsync(string name, bool withGrace = false)
    {
        var org = new OrganizationId($"{name}-{Guid.NewGuid():N}");
        await using var context = fixture.CreateContext();
        var provisioning = new ProvisioningService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), Options.Create(new VecticeOrganizationOptions()));
        (await provisioning.CreateOrganizationAsync(org, name, new User(Ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        if (withGrace)
        {
            (await provisioning.AddMemberAsync(Ada, org, new User(Grace, "grace@example.com", "Grace"), OrgRole.Member)).GetValueOrThrow();
        }

        return org;
    }

    protected async Task<OrganizationSnapshot?> SnapshotAsync(OrganizationId org)
    {
        await using var context = fixture.CreateContext();
        return await new EntityFrameworkOrganizationStore<OrganizationDbContext>(context).LoadSnapshotAsync(org, Ada, Ada, null, CancellationToken.None);
    }

    private string Snapshot(List<string> commands)
    {
        Assert.Equal(Preamble.Length + 2, commands.Count);
        return SqlStatements.Of(commands[^2]).Last(s => s.Length > 0);
    }

    // The command's statements: the opening ones, in order, then as many others as it has in all; returns them.
    private List<string> AssertOpening(string command, int statementCount)
    {
        var statements = SqlStatements.Of(command).Where(s => s.Length > 0).ToList();
        Assert.Equal(statementCount, statements.Count);
        Assert.All(Opening.Zip(statements), p => Assert.Contains(p.First, p.Second, StringComparison.Ordinal));
        return statements;
    }

    private async Task<(List<string> Request, List<string> Confirm)> RequestAndConfirmAsync()
    {
        var org = await CreateAsync("commands", withGrace: true);
        var (requested, request) = await InScopeAsync(s => s.RequestAsync(Ada, org, Grace, OrgRole.Viewer));
        var (confirmed, confirm) = await InScopeAsync(s => s.ConfirmAsync(Ada, requested.GetValueOrThrow().Id));
        Assert.Equal(OrgRole.Viewer, confirmed.GetValueOrThrow().Membership.Role);
        return (request, confirm);
    }

    private void AssertWrite(List<string> commands, string snapshot, string write)
    {
        Assert.Equal(Preamble.Length + 2, commands.Count);
        Assert.All(Preamble.Zip(commands), p => Assert.Contains(p.First, p.Second, StringComparison.Ordinal));
        var (read, writes) = (commands[^2], commands[^1]);
        var statements = AssertOpening(read, Opening.Length + 1);

        Assert.Contains(snapshot, statements[^1], StringComparison.Ordinal);
        Assert.Contains(write, writes, StringComparison.Ordinal);
        Assert.All(SqlStatements.Of(writes), s => Assert.False(s.StartsWith("SELECT", StringComparison.Ordinal) && !s.Contains("pg_notify", StringComparison.Ordinal), s));
        Assert.Equal(CommitsWithWrites, SqlStatements.Commits(writes));
    }

    private Task<(T Result, List<string> Commands)> InScopeAsync<T>(Func<RoleChangeService, ValueTask<T>> write) =>
        RecordedAsync(store => write(new RoleChangeService(store, Options.Create(new VecticeOrganizationOptions()))).AsTask());

    // Runs on a store over a context of its own (one scope, as a web request), recording the commands it sends.
    private async Task<(T Result, List<string> Commands)> RecordedAsync<T>(Func<EntityFrameworkOrganizationStore<OrganizationDbContext>, Task<T>> run)
    {
        var recorder = new CommandRecorder();
        await using var context = fixture.CreateContext(recorder);
        return (await run(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context)), recorder.Commands);
    }
}

public sealed class SqliteWriteCommands(SqliteStoreFixture fixture) : WriteCommandsTests<SqliteStoreFixture>(fixture)
{
    protected override string[] Preamble => ["PRAGMA busy_timeout"];

    protected override string[] Opening => [];

    protected override bool CommitsWithWrites => false;

    protected override int ParametersPerRoleChange => 49;
}

public sealed class PostgresWriteCommands(PostgresStoreFixture fixture) : WriteCommandsTests<PostgresStoreFixture>(fixture)
{
    protected override string[] Preamble => [];

    protected override string[] Opening => ["SET LOCAL enable_seqscan = off", "FOR NO KEY UPDATE"];

    protected override bool CommitsWithWrites => true;

    protected override int ParametersPerRoleChange => 53;

    // PostgreSQL only: going back to a savepoint lets go of the row's lock there, so another writer can write the row
    // while the host's transaction goes on (SQLite's transaction keeps the database's write lock until it ends).
    [SkippableFact]
    public async Task A_read_undone_by_the_hosts_savepoint_does_not_stand_for_the_row_afterwards()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var org = await CreateAsync("savepoint");
        var (a, r) = await TwoOtherSettingsAsync(org);
        await using var context = Fixture.CreateContext();
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        await using var host = await context.Database.BeginTransactionAsync();

        // This store's first write sets A (the next version); its second reads A and finds nothing to change. The host
        // then goes back to a savepoint taken before them.
        await host.CreateSavepointAsync("before");
        await SetTwiceAsync(store, org, a);
        await host.RollbackToSavepointAsync("before");

        // Another writer writes that version with R; a caller reads it and commits A through this store, in the host's transaction.
        await ChangeSettingsAsync(org, r);
        Assert.Equal(CommitOutcome.Committed, await CommitOnAFreshReadAsync(store, org, a));
        await host.CommitAsync();
        Assert.Equal(a, (await SnapshotAsync(org))!.Organization.Settings);
    }
}
