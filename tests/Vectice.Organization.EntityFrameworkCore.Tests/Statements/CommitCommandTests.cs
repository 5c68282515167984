using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// The commit's command runs as <c>ExecuteSqlRaw</c> would: not through the execution strategy (inside a
/// host's transaction, a retrying strategy would refuse it, and Npgsql's default one would wrap the
/// provider's error), and inside the context's concurrency detector.
/// </summary>
public sealed class PostgresCommitCommandTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [SkippableFact]
    public async Task In_a_hosts_transaction_a_transient_error_of_the_commit_reaches_the_host_as_the_provider_threw_it()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var failOnce = new FailFirstCommand(sql => sql.Contains("UPDATE \"VecticeOrganizations\" SET", StringComparison.Ordinal));
        await using var context = fixture.CreateContext(failOnce);
        await using var host = await context.Database.BeginTransactionAsync();
        var settings = new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: true, FourEyesPolicy.Off);

        var error = await Record.ExceptionAsync(async () =>
            (await organization.On(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context)).Settings.ChangeAsync(Ada, organization.Id, settings)).GetValueOrThrow());

        Assert.Equal(1, failOnce.Seen);
        Assert.IsType<Npgsql.NpgsqlException>(error);
    }

    [SkippableFact]
    public async Task A_commit_in_a_hosts_transaction_runs_under_a_retrying_strategy()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var read = await organization.InScopeAsync(services => services.Store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None).AsTask());
        await using var context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>()
            .UseNpgsql(fixture.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(10), null)).Options);
        await using var host = await context.Database.BeginTransactionAsync();
        var bumped = read!.Organization with { Version = read.Organization.Version + 1 };

        var outcome = await new EntityFrameworkOrganizationStore<OrganizationDbContext>(context).CommitAsync(new OrganizationCommit { Organization = bumped }, CancellationToken.None);
        await host.CommitAsync();

        Assert.Equal(CommitOutcome.Committed, outcome);
        var after = await organization.InScopeAsync(services => services.Store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None).AsTask());
        Assert.Equal(bumped.Version, after!.Organization.Version);
    }
}

/// <summary>
/// On SQLite: a commit, or a read, on a context another flow is using is refused, as EF Core refuses any
/// command then (a read runs on the command it rents from the connection, which that flow may hold); with
/// the host's thread-safety checks off, as EF Core then does, nothing is checked and both run.
/// </summary>
public sealed class SqliteCommitCommandTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task A_commit_on_a_context_another_flow_is_using_is_refused_by_the_concurrency_detector()
    {
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var context = fixture.CreateContext();
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var read = await store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None);
        await using var host = await context.Database.BeginTransactionAsync();
        var bumped = read!.Organization with { Version = read.Organization.Version + 1 };

        var error = await WhileAnotherFlowHoldsAsync(context, () => store.CommitAsync(new OrganizationCommit { Organization = bumped }, CancellationToken.None).AsTask());

        Assert.Contains("second operation", Assert.IsType<InvalidOperationException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_read_on_a_context_another_flow_is_using_is_refused_by_the_concurrency_detector()
    {
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var context = fixture.CreateContext();
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);

        var error = await WhileAnotherFlowHoldsAsync(context, () => store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None).AsTask());

        Assert.Contains("second operation", Assert.IsType<InvalidOperationException>(error).Message, StringComparison.Ordinal);
        Assert.NotNull(await store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None));
    }

    [Fact]
    public async Task With_the_hosts_thread_safety_checks_off_reads_and_commits_run_as_with_them_on()
    {
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var context = fixture.CreateContext(options => options.EnableThreadSafetyChecks(false));
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);

        var read = await store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None);
        var bumped = read!.Organization with { Version = read.Organization.Version + 1 };
        var outcome = await store.CommitAsync(new OrganizationCommit { Organization = bumped }, CancellationToken.None);

        Assert.Equal(CommitOutcome.Committed, outcome);
        Assert.Equal(bumped.Version, (await store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, CancellationToken.None))!.Organization.Version);
    }

    // Runs act while another thread holds the context, as a query still running there would; what it threw.
    private static async Task<Exception?> WhileAnotherFlowHoldsAsync(DbContext context, Func<Task> act)
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (context.GetService<IConcurrencyDetector>().EnterCriticalSection())
            {
                entered.Set();
                release.Wait();
            }
        });
        other.Start();
        entered.Wait();
        try
        {
            return await Record.ExceptionAsync(act);
        }
        finally
        {
            release.Set();
            other.Join();
        }
    }
}
