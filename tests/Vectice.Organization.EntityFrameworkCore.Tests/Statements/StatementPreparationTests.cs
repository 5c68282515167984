using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Entities;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// On PostgreSQL, a host that registers the stores with <c>AddEntityFrameworkStores</c> gets the store's
/// statements prepared on each pooled connection (planned once, then executed again and again),
/// whichever way it registers its context; its own statements, a command its interceptors have
/// commented, and a multiplexed connection are left unprepared.
/// </summary>
public sealed class StatementPreparationTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private const int Rounds = 3;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_stores_statements_are_prepared_once_per_connection_and_run_prepared_from_then_on(bool pooledContext)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host($"prepared-{pooledContext}", pooledContext, prepareStatements: true);

        var prepared = await RunRoleChangesAsync(provider, hostQuery: c => c.Set<MembershipRow>().CountAsync());

        // Each statement of the write path, executed once per round at least, as the one statement prepared for it.
        // (The snapshots: the store writes a statement's own FROM at the start of a line, a subquery's inline. The version's
        // bump, the membership's update and the audit entry of a confirm, which names its pending change, without the columns
        // it leaves null: as a write checks them on the server, with COMMIT in its command.)
        string[] statements =
        [
            "FOR NO KEY UPDATE", "\nFROM \"VecticeOrganizations\" o\n", "\nFROM \"VecticePendingChanges\" p\n",
            "WITH w AS (UPDATE \"VecticeOrganizations\" SET \"Version\" = $1 WHERE \"Id\" = $2 AND \"Version\" = $3 RETURNING 1)",
            "WITH w AS (UPDATE \"VecticeMemberships\"", "WITH w AS (INSERT INTO \"VecticeAuditEntries\" (\"Action\", \"Actor\", \"AfterRole\", \"AfterStatus\", \"At\", \"AtUtcTicks\", \"BeforeRole\", \"BeforeStatus\", \"OrganizationId\", \"PendingChangeId\", \"RequestedBy\", \"Target\") VALUES",
        ];
        foreach (var part in statements)
        {
            var statement = Assert.Single(prepared, p => p.Statement.Contains(part, StringComparison.Ordinal));
            Assert.True(statement.Executions >= Rounds, $"Prepared but executed {statement.Executions} times, not once per round: {statement.Statement}");
        }

        // Each command opens with the store's tag. A write's transaction opens with the setting that plans it without table
        // scans, then its lock, then its snapshot, in one command. (A write a commit checks on the server is a CTE with a
        // SELECT of its own, not a read.)
        Assert.Contains(prepared, p => p.Statement == "-- " + StatementPreparation.Tag + "\nSET LOCAL enable_seqscan = off");
        Assert.All(prepared.Where(p => SqlStatements.Unchecked(p.Statement).Contains("SELECT", StringComparison.Ordinal) && !p.Statement.Contains("pg_notify", StringComparison.Ordinal)), p =>
            Assert.True(p.Statement.StartsWith("-- " + StatementPreparation.Tag + "\n", StringComparison.Ordinal) || IsSnapshot(p.Statement) || IsLock(p.Statement), p.Statement));

        // The host's count, and its query of pg_prepared_statements, were not prepared.
        Assert.DoesNotContain(prepared, p => p.Statement.StartsWith("SELECT count(*)", StringComparison.OrdinalIgnoreCase) || p.Statement.Contains("pg_prepared_statements", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_host_command_tagged_like_the_store_or_one_its_interceptor_commented_is_not_prepared()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host("prepared-commented", pooledContext: false, prepareStatements: true, new TraceComment());

        var prepared = await RunRoleChangesAsync(provider, hostQuery: c => c.Set<MembershipRow>().TagWith(StatementPreparation.Tag + ".Reports").CountAsync());

        // A trace comment per request would otherwise have prepared a new statement on every request.
        Assert.Empty(prepared);
    }

    [SkippableFact]
    public async Task Without_preparation_nothing_is_prepared()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host("prepared-off", pooledContext: false, prepareStatements: false);

        Assert.Empty(await RunRoleChangesAsync(provider, hostQuery: c => c.Set<MembershipRow>().CountAsync()));
    }

    /// <summary>Npgsql refuses explicit preparation on a multiplexed connection: the store must not ask.</summary>
    [SkippableFact]
    public async Task A_multiplexed_connection_serves_the_store_unprepared()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Multiplexing = true }.ToString();
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(o => o.UseNpgsql(connectionString));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var (ada, grace, org) = (new UserId("ada"), new UserId("grace"), new OrganizationId($"multiplexed-{Guid.NewGuid():N}"));
        await using var scope = provider.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
        (await provisioning.CreateOrganizationAsync(org, "Multiplexed", new User(ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        (await provisioning.AddMemberAsync(ada, org, new User(grace, "grace@example.com", "Grace"), OrgRole.Member)).GetValueOrThrow();
        var pending = (await roleChanges.RequestAsync(ada, org, grace, OrgRole.Viewer)).GetValueOrThrow();
        var confirmed = await roleChanges.ConfirmAsync(ada, pending.Id);

        Assert.True(confirmed.IsSuccess, confirmed.Refusal?.Reason);
        Assert.Equal(OrgRole.Viewer, confirmed.GetValueOrThrow().Membership.Role);
    }

    /// <summary>
    /// The interceptor is added once, however often the stores are registered, and however and in
    /// whichever order the context is: where it prepares (Npgsql, or a provider chosen after the
    /// stores), and not where it could not (it would cost every scope a copy of the options). Nothing else
    /// is added: the access checks hear of a host transaction's commit through EF Core's diagnostic events
    /// (<c>HostTransactionAccessTests</c>).
    /// </summary>
    [Theory]
    [InlineData("npgsql", "context", true, 1)]
    [InlineData("npgsql", "context", false, 1)]
    [InlineData("npgsql", "pool", true, 1)]
    [InlineData("npgsql", "pool", false, 1)]
    [InlineData("npgsql", "factory", true, 1)]
    [InlineData("npgsql", "factory", false, 1)]
    [InlineData("sqlite", "context", true, 0)]
    [InlineData("sqlite", "pool", true, 0)]
    [InlineData("sqlite", "context", false, 1)]
    public void The_stores_add_the_interceptor_once_to_the_contexts_options_where_it_prepares(string database, string registration, bool contextRegisteredFirst, int expected)
    {
        var services = new ServiceCollection();
        void Configure(DbContextOptionsBuilder o) => _ = database == "npgsql" ? o.UseNpgsql("Host=unused") : o.UseSqlite("Data Source=:memory:");
        void AddContext() => _ = registration switch
        {
            "pool" => services.AddDbContextPool<OrganizationDbContext>(Configure),
            "factory" => services.AddDbContextFactory<OrganizationDbContext>(Configure),
            _ => services.AddDbContext<OrganizationDbContext>(Configure),
        };

        if (contextRegisteredFirst)
        {
            AddContext();
        }

        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>().AddEntityFrameworkStores<OrganizationDbContext>();
        if (!contextRegisteredFirst)
        {
            AddContext();
        }

        using var provider = services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();
        using var context = registration == "factory"
            ? scope.ServiceProvider.GetRequiredService<IDbContextFactory<OrganizationDbContext>>().CreateDbContext()
            : scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
        var interceptors = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        Assert.Equal(expected, interceptors.Count(i => ReferenceEquals(i, StatementPreparation.Instance)));

        // Nothing else: where it does not prepare, the options are left as the host made them.
        Assert.Equal(expected, interceptors.Count());
    }

    /// <summary>
    /// Building the host's context's options does not create the SDK's access checks, nor does a host's
    /// commit after the store wrote in its transaction fail on them: a host whose SDK options are invalid
    /// still gets its own context and commits, while the SDK's services refuse to start.
    /// </summary>
    [Theory]
    [InlineData("invalid options")]
    [InlineData("a time provider that throws")]
    public void The_hosts_context_is_built_and_commits_whatever_the_sdks_options_say(string broken)
    {
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        if (broken == "a time provider that throws")
        {
            services.AddSingleton<TimeProvider>(_ => throw new InvalidOperationException("the host's own service"));
        }

        services.AddVecticeOrganization(o => o.AccessMaxStaleness = TimeSpan.FromSeconds(broken == "invalid options" ? -1 : 1)).AddEntityFrameworkStores<OrganizationDbContext>();
        using var provider = services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();

        var context = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
        context.Database.OpenConnection();
        using var transaction = context.Database.BeginTransaction();
        HostTransactionCommits.WrittenIn(context, transaction.GetDbTransaction(), new OrganizationId("acme"));

        Assert.True(HostTransactionCommits.Notes(transaction.GetDbTransaction()));
        Assert.Null(Record.Exception(transaction.Commit));
        Assert.NotNull(Record.Exception(() => scope.ServiceProvider.GetRequiredService<OrganizationAccess>()));
    }

    [Fact]
    public void Only_the_stores_commands_as_it_wrote_them_are_prepared()
    {
        Assert.True(StatementPreparation.IsStoreCommand("-- Vectice.Organization\nSELECT 1 FROM t WHERE id = @p0 FOR NO KEY UPDATE;\n"));
        Assert.True(StatementPreparation.IsStoreCommand("-- Vectice.Organization\r\n\r\nSELECT 1"));
        Assert.False(StatementPreparation.IsStoreCommand("SELECT 1"));
        Assert.False(StatementPreparation.IsStoreCommand("-- Vectice.Organization"));
        Assert.False(StatementPreparation.IsStoreCommand("-- Vectice.Organization.Reports\nSELECT 1"));
        Assert.False(StatementPreparation.IsStoreCommand("-- Vectice.Organization\nSELECT 1 /*traceparent='00-1'*/"));
        Assert.False(StatementPreparation.IsStoreCommand("-- Vectice.Organization\nSELECT 1\n-- request 42"));
    }

    private ServiceProvider Host(string application, bool pooledContext, bool prepareStatements, params IInterceptor[] interceptors)
    {
        // One physical connection, so that every scope's statements land on the connection inspected.
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { MaxPoolSize = 1, ApplicationName = application }.ToString();
        var services = new ServiceCollection();
        if (pooledContext)
        {
            services.AddDbContextPool<OrganizationDbContext>(o => o.UseNpgsql(connectionString).AddInterceptors(interceptors));
        }
        else
        {
            services.AddDbContext<OrganizationDbContext>(o => o.UseNpgsql(connectionString).AddInterceptors(interceptors));
        }

        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>(prepareStatements);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Creates an organization, then requests and confirms <see cref="Rounds"/> role changes, a scope each; runs the host's query; lists what is prepared.</summary>
    private static async Task<List<PreparedStatement>> RunRoleChangesAsync(ServiceProvider provider, Func<OrganizationDbContext, Task<int>> hostQuery)
    {
        var (ada, grace, org) = (new UserId("ada"), new UserId("grace"), new OrganizationId($"prepared-{Guid.NewGuid():N}"));
        async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> request)
        {
            await using var scope = provider.CreateAsyncScope();
            return await request(scope.ServiceProvider);
        }

        Assert.True(await InScopeAsync(async s => (await s.GetRequiredService<ProvisioningService>().CreateOrganizationAsync(org, "Prepared", new User(ada, "ada@example.com", "Ada"))).IsSuccess));
        Assert.True(await InScopeAsync(async s => (await s.GetRequiredService<ProvisioningService>().AddMemberAsync(ada, org, new User(grace, "grace@example.com", "Grace"), OrgRole.Member)).IsSuccess));
        for (var round = 0; round < Rounds; round++)
        {
            var role = round % 2 == 0 ? OrgRole.Viewer : OrgRole.Member;
            var pending = await InScopeAsync(async s => (await s.GetRequiredService<RoleChangeService>().RequestAsync(ada, org, grace, role)).GetValueOrThrow());
            var confirmed = await InScopeAsync(async s => await s.GetRequiredService<RoleChangeService>().ConfirmAsync(ada, pending.Id));
            Assert.True(confirmed.IsSuccess, confirmed.Refusal?.Reason);
        }

        return await InScopeAsync(async s =>
        {
            var context = s.GetRequiredService<OrganizationDbContext>();
            Assert.True(await hostQuery(context) > 0);
            return await context.Database
                .SqlQueryRaw<PreparedStatement>("SELECT statement AS \"Statement\", generic_plans + custom_plans AS \"Executions\" FROM pg_prepared_statements")
                .ToListAsync();
        });
    }

    private static bool IsSnapshot(string statement) =>
        statement.StartsWith("SELECT o.\"Id\"", StringComparison.Ordinal) &&
        (statement.Contains("\nFROM \"VecticeOrganizations\" o\n", StringComparison.Ordinal) || statement.Contains("\nFROM \"VecticePendingChanges\" p\n", StringComparison.Ordinal));

    private static bool IsLock(string statement) =>
        statement.StartsWith("SELECT 1 FROM \"VecticeOrganizations\"", StringComparison.Ordinal) && statement.EndsWith("FOR NO KEY UPDATE", StringComparison.Ordinal);

    private sealed record PreparedStatement(string Statement, long Executions);

    /// <summary>What a tracing library does (sqlcommenter): a comment with the request's trace id on every command.</summary>
    private sealed class TraceComment : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Comment(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Comment(command);
            return ValueTask.FromResult(result);
        }

        private static void Comment(DbCommand command) => command.CommandText += $" /*traceparent='00-{Guid.NewGuid():N}-01'*/";
    }
}
