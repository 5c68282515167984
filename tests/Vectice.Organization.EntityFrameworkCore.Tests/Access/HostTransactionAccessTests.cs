using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vectice.Organization.Stores;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Access;

/// <summary>
/// A change the SDK commits inside a transaction the host began on its context is obeyed by this
/// process's access checks from the host's commit on, even when a check made before that commit read
/// the state before the change and cached it; a host that rolls back leaves the checks as they were. The
/// staleness bound is an hour and there is no feed, so only the host's commit can tell the checks. The
/// change is requested outside the host's transaction and confirmed in it, so that the confirm's own
/// commit is the one the checks must hear of.
/// </summary>
public abstract class HostTransactionAccessTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    [SkippableTheory]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, true)]
    [InlineData(false, true, false)]
    public async Task A_demotion_confirmed_in_a_hosts_transaction_is_obeyed_by_the_first_check_after_the_host_commits(bool pooledContext, bool commitAsync, bool prepareStatements)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture, pooledContext, prepareStatements);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));

        await ConfirmInHostTransactionAsync(provider, organization, pending, commitAsync ? t => t.CommitAsync() : t =>
        {
            t.Commit();
            return Task.CompletedTask;
        });

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        Assert.Equal(OrgRole.Member, (await access.GetAccessAsync(Alan, organization))?.Role);
    }

    [SkippableFact]
    public async Task A_settings_change_in_a_hosts_transaction_is_obeyed_by_the_first_check_after_the_host_commits()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, _) = await SeedAndRequestAsync(provider);
        var grace = new UserId("grace");
        await using (var scope = provider.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ProvisioningService>().AddMemberAsync(Ada, organization, new User(grace, "grace@example.com", "Grace"), OrgRole.Member)).GetValueOrThrow();
            (await scope.ServiceProvider.GetRequiredService<OrganizationSettingsService>().ChangeAsync(Ada, organization, new OrganizationSettings(false, true))).GetValueOrThrow();
        }

        Assert.True(await access.IsAllowedAsync(grace, organization, Permission.InviteColleagues));
        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            (await scope.ServiceProvider.GetRequiredService<OrganizationSettingsService>().ChangeAsync(Ada, organization, new OrganizationSettings(false, false))).GetValueOrThrow();
            Assert.True(await access.IsAllowedAsync(grace, organization, Permission.InviteColleagues));
            await transaction.CommitAsync();
        }

        Assert.False(await access.IsAllowedAsync(grace, organization, Permission.InviteColleagues));
    }

    [SkippableFact]
    public async Task A_transaction_the_host_hands_to_the_context_and_commits_through_it_is_heard_too()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.CommitAsync(), handed: true);

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// The caller's token is cancelled once the confirm's statements ran in the host's transaction: as in
    /// the store's own transaction, the commit is no longer stopped, the confirm succeeds, and the checks
    /// hear of the host's commit (before, the savepoint's release threw on the token, and nothing was
    /// noted for the checks although the host's commit kept the change).
    /// </summary>
    [SkippableFact]
    public async Task A_confirm_whose_token_is_cancelled_once_its_statements_ran_completes_and_is_obeyed_after_the_host_commits()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var afterStatements = new AfterAuditInsert();
        await using var provider = Host(fixture, interceptors: afterStatements);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        using var cancellation = new CancellationTokenSource();
        afterStatements.Arm(cancellation.Cancel);
        await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.CommitAsync(), cancellation: cancellation);

        Assert.True(cancellation.IsCancellationRequested);
        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// A confirm that throws once its statements ran in the host's transaction (here an exception that is
    /// not the provider's, from the host's own interceptor) leaves nothing of its commit there: the host's
    /// commit keeps the member as they were, and the change can still be confirmed (before, only a
    /// provider's error rolled back to the store's savepoint).
    /// </summary>
    [SkippableFact]
    public async Task A_confirm_that_throws_once_its_statements_ran_leaves_nothing_for_the_hosts_commit_to_keep()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var afterStatements = new AfterAuditInsert();
        await using var provider = Host(fixture, interceptors: afterStatements);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            afterStatements.Arm(() => throw new InvalidOperationException("the host's interceptor"));
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending));
            await transaction.CommitAsync();
        }

        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        await using (var scope = provider.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();
        }

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// A store the host builds itself over the context of the service provider (to wrap it, say) is heard too:
    /// the checks are found through the context's service provider, not through the store's registration.
    /// </summary>
    [SkippableFact]
    public async Task A_store_the_host_builds_over_the_providers_context_is_heard_too()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture, configure: services => services.Replace(ServiceDescriptor.Scoped<IOrganizationStore>(
            s => new EntityFrameworkOrganizationStore<OrganizationDbContext>(s.GetRequiredService<OrganizationDbContext>()))));
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.CommitAsync());

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// A savepoint's release that fails after the store wrote in the host's transaction (here a later SDK call's,
    /// failed by the host's interceptor) is a transaction error that EF Core reports: the checks drop their entries
    /// then, as a failed commit may have been written, and again when the host commits, as a check in between
    /// cached the state before it.
    /// </summary>
    [SkippableFact]
    public async Task A_transaction_error_before_the_hosts_commit_leaves_the_commit_heard()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var failRelease = new FailSavepointRelease();
        await using var provider = Host(fixture, interceptors: failRelease);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        await using (var scope = provider.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            (await roles.ConfirmAsync(Ada, pending)).GetValueOrThrow();
            failRelease.Armed = true;
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await roles.ConfirmAsync(Ada, pending));
            Assert.False(failRelease.Armed);
            Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
            await transaction.CommitAsync();
        }

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// The commit of a transaction that the stores of a service provider since disposed noted too (Npgsql hands
    /// one transaction object to its connection's next transaction, whichever provider's store writes in it)
    /// goes through, and the live provider's checks hear of it: a gone provider's checks are passed over.
    /// </summary>
    [SkippableFact]
    public async Task A_commit_also_noted_by_a_disposed_service_provider_goes_through_and_is_heard()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        await ConfirmInHostTransactionAsync(provider, organization, pending, async t =>
        {
            var gone = Host(fixture);
            await using (var scope = gone.CreateAsyncScope())
            {
                HostTransactionCommits.WrittenIn(scope.ServiceProvider.GetRequiredService<OrganizationDbContext>(), t.GetDbTransaction(), organization);
            }

            await gone.DisposeAsync();
            await t.CommitAsync();
        });

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// Where EF Core does not report the commit to the SDK (the host built the context itself, so its options
    /// name no service provider; or committed the <see cref="DbTransaction"/> it handed to the context), a check
    /// that cached the state before the change keeps it until the staleness bound: the documented limit, never later.
    /// </summary>
    [SkippableTheory]
    [InlineData("context built by the host")]
    [InlineData("DbTransaction committed by the host")]
    public async Task A_commit_not_reported_to_the_sdk_is_obeyed_once_the_staleness_bound_has_passed(string unreported)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        _ = unreported == "context built by the host"
            ? services.AddScoped(_ => fixture.CreateContext())
            : services.AddDbContext<OrganizationDbContext>(fixture.UseDatabase);
        services.AddVecticeOrganization(options => options.AccessMaxStaleness = TimeSpan.FromHours(1)).AddEntityFrameworkStores<OrganizationDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        if (unreported == "context built by the host")
        {
            // Reported by EF Core, through a context whose options lead to no service provider of the SDK's.
            await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.CommitAsync());
        }
        else
        {
            await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.GetDbTransaction().CommitAsync(), handed: true);
        }

        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromTicks(1));
        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    /// <summary>
    /// A transaction the host disposes without committing it (an exception in an <c>await using</c>) is
    /// forgotten when EF Core reports it disposed, as a rolled back one is: its entry does not wait, holding
    /// the service provider, for the next end reported on a transaction object Npgsql reuses.
    /// </summary>
    [SkippableFact]
    public async Task A_transaction_the_host_disposes_without_committing_is_forgotten()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);
        DbTransaction noted;
        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();
            noted = transaction.GetDbTransaction();
            Assert.True(HostTransactionCommits.Notes(noted));
        }

        Assert.False(HostTransactionCommits.Notes(noted));
        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
    }

    [SkippableFact]
    public async Task A_demotion_rolled_back_by_the_host_leaves_the_checks_granting_what_they_granted()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var (organization, pending) = await SeedAndRequestAsync(provider);

        await ConfirmInHostTransactionAsync(provider, organization, pending, t => t.RollbackAsync());

        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        Assert.Equal(OrgRole.Admin, (await access.GetAccessAsync(Alan, organization))?.Role);
    }

    /// <summary>Fails the next savepoint release once armed, as a host's interceptor may.</summary>
    private sealed class FailSavepointRelease : DbTransactionInterceptor
    {
        private int _armed;

        public bool Armed
        {
            get => Volatile.Read(ref _armed) == 1;
            set => Volatile.Write(ref _armed, value ? 1 : 0);
        }

        public override InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
            Fail(result);

        public override ValueTask<InterceptionResult> ReleasingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Fail(result));

        private InterceptionResult Fail(InterceptionResult result) =>
            Interlocked.Exchange(ref _armed, 0) == 1 ? throw new InvalidOperationException("the host's interceptor") : result;
    }

    /// <summary>Runs the armed action once a command that inserts an audit entry (the confirm's commit) has run.</summary>
    private sealed class AfterAuditInsert : DbCommandInterceptor
    {
        private Action? _armed;

        public void Arm(Action action) => _armed = action;

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("AuditEntries", StringComparison.Ordinal))
            {
                Interlocked.Exchange(ref _armed, null)?.Invoke();
            }

            return ValueTask.FromResult(result);
        }
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqliteHostTransactionAccessTests(SqliteStoreFixture fixture) : HostTransactionAccessTests<SqliteStoreFixture>(fixture);

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresHostTransactionAccessTests(PostgresStoreFixture fixture) : HostTransactionAccessTests<PostgresStoreFixture>(fixture);
