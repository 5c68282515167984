using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.EntityFrameworkCore.Tests.Sharding;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// On PostgreSQL a write's lock waits for its first statement (the snapshot's command, or its own before
/// any other read or a commit): every snapshot a write reads is read under its organization's lock, also
/// when writes nest in a host's transaction (the store refuses nesting only in its own transaction); a
/// commit with no read before it locks first; a write that fails early leaves no lock for the next read;
/// a transient failure of a snapshot's command is retried by the execution strategy; and the SQL of the
/// store's own survives a schema and table prefix with quotes and braces.
/// </summary>
public sealed class DeferredLockTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [SkippableFact]
    public async Task In_a_hosts_transaction_a_write_nesting_another_still_reads_its_snapshot_under_its_lock()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var a = await SeededOrganization.CreateAsync(fixture);
        var b = await SeededOrganization.CreateAsync(fixture);
        var recorder = new CommandRecorder();
        await using var context = fixture.CreateContext(recorder);
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        await using var host = await context.Database.BeginTransactionAsync();

        await store.WriteAsync(a.Id, (Store: store, A: a.Id, B: b.Id), static async (s, ct) =>
        {
            await s.Store.WriteAsync(s.B, s, static async (inner, ct2) => await inner.Store.LoadSnapshotAsync(inner.B, Ada, Ada, null, ct2), ct);
            return await s.Store.LoadSnapshotAsync(s.A, Ada, Ada, null, ct);
        }, default);

        // One lock per write: a's, taken before the nested write began (the nested one must not drop it), then b's with its
        // snapshot; the host's transaction plans as the host set it (no setting of the store's before the lock).
        Assert.Equal(3, recorder.Commands.Count);
        Assert.Equal(2, recorder.Commands.Count(c => c.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal)));
        Assert.Contains("FOR NO KEY UPDATE", Assert.Single(SqlStatements.Of(recorder.Commands[0]), s => s.Length > 0), StringComparison.Ordinal);
        Assert.DoesNotContain(recorder.Commands, c => c.Contains("enable_seqscan", StringComparison.Ordinal));
        await host.RollbackAsync();
    }

    [SkippableFact]
    public async Task A_commit_with_no_read_before_it_takes_the_lock_in_a_command_before_its_statements()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var read = await organization.InScopeAsync(services => services.Store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, default).AsTask());
        var recorder = new CommandRecorder();
        await using var context = fixture.CreateContext(recorder);

        var outcome = await new EntityFrameworkOrganizationStore<OrganizationDbContext>(context).CommitAsync(new Vectice.Organization.Stores.OrganizationCommit { Organization = read!.Organization with { Version = read.Organization.Version + 1 } }, default);

        Assert.Equal(Vectice.Organization.Stores.CommitOutcome.Committed, outcome);
        // Its own transaction: the setting that plans it without table scans, then the lock.
        Assert.Equal(2, recorder.Commands.Count);
        Assert.Collection(
            SqlStatements.Of(recorder.Commands[0]).Where(s => s.Length > 0),
            s => Assert.Contains("SET LOCAL enable_seqscan = off", s, StringComparison.Ordinal),
            s => Assert.Contains("FOR NO KEY UPDATE", s, StringComparison.Ordinal));
        Assert.Contains("UPDATE \"VecticeOrganizations\"", recorder.Commands[1], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task In_a_hosts_transaction_a_write_that_fails_before_reading_leaves_no_lock_for_the_next_read()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var recorder = new CommandRecorder();
        await using var context = fixture.CreateContext(recorder);
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        await using var host = await context.Database.BeginTransactionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.WriteAsync<int, int>(organization.Id, 0, static (_, _) => throw new InvalidOperationException("before any read"), default));
        await store.ListMembersAsync(organization.Id, new Vectice.Organization.Stores.MemberQuery(), default);

        Assert.DoesNotContain(recorder.Commands, c => c.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal));
        await host.RollbackAsync();
    }

    [SkippableFact]
    public async Task A_transient_failure_of_a_snapshot_read_outside_a_write_is_retried_by_the_execution_strategy()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var failOnce = new FailFirstCommand(sql => sql.Contains("\nFROM \"VecticeOrganizations\"", StringComparison.Ordinal));
        await using var context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>()
            .UseNpgsql(fixture.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(10), null))
            .AddInterceptors(failOnce)
            .Options);

        var snapshot = await new EntityFrameworkOrganizationStore<OrganizationDbContext>(context).LoadSnapshotAsync(organization.Id, Ada, Grace, null, default);

        Assert.NotNull(snapshot);
        Assert.Equal(2, failOnce.Seen);
    }

    [SkippableFact]
    public async Task A_transient_failure_of_a_writes_lock_and_snapshot_retries_the_write_with_its_lock()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var failOnce = new FailFirstCommand(sql => sql.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal));
        var recorder = new CommandRecorder();
        await using var context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>()
            .UseNpgsql(fixture.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(10), null))
            .AddInterceptors(failOnce, recorder)
            .Options);

        var requested = await organization.On(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context)).RoleChanges.RequestAsync(Ada, organization.Id, Grace, OrgRole.Viewer);

        requested.GetValueOrThrow();
        Assert.Equal(2, failOnce.Seen);
        var snapshots = recorder.Commands.Where(c => c.Contains("\nFROM \"VecticeOrganizations\"", StringComparison.Ordinal)).ToList();
        Assert.All(snapshots, c => Assert.Contains("FOR NO KEY UPDATE", c, StringComparison.Ordinal));
    }

    [SkippableFact]
    public Task The_flow_works_with_a_schema_and_a_prefix_holding_quotes() =>
        AssertTheFlowWorksAsync(tablePrefix: "Or\"g_", schema: "s\"");

    [SkippableFact]
    public Task The_flow_works_with_a_schema_and_a_prefix_holding_braces_and_quotes() =>
        AssertTheFlowWorksAsync(tablePrefix: "Or{0}g\"_", schema: "s{1}");

    // The flow on tables named with the prefix and schema given, made unique per run.
    private async Task AssertTheFlowWorksAsync(string tablePrefix, string schema)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var unique = Guid.NewGuid().ToString("N")[..8];
        var options = new DbContextOptionsBuilder<Schema.ModelTests.HostDbContext>().UseNpgsql(fixture.ConnectionString).Options;
        await using var context = new Schema.ModelTests.HostDbContext(options, tablePrefix + unique + "_", schema + unique);
        await context.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS \"Widgets\"");
        await context.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().CreateTablesAsync();
        await Schema.ScriptedSchema.AssertTheFlowWorksAsync(new EntityFrameworkOrganizationStore<Schema.ModelTests.HostDbContext>(context));
    }
}
