using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// On PostgreSQL a prepared statement may keep a generic plan (after five executions) until its tables'
/// statistics change. Once a young database has been analyzed with few pending changes, scanning that
/// table costs less than its key: planned then, a confirm went on scanning the whole history as it grew,
/// until autovacuum analyzed the table again. The store's own transactions are planned without table
/// scans, so the plans a confirm keeps find its pending change by its key; a host's transaction, and the
/// connection once the store's transaction has ended, keep the host's settings.
/// </summary>
public sealed class PlannerSettingsTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Grace = new("grace");

    // The pending changes when the database is first analyzed.
    private const int Young = 20;

    // More than the five executions after which PostgreSQL keeps a generic plan for a prepared statement.
    private const int Rounds = 8;

    [SkippableFact]
    public async Task A_confirms_plans_made_while_the_database_was_young_find_the_pending_change_by_its_key()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var connectionString = ThrowawayDatabase.Create(PostgresServer.ConnectionString!, "vectice_plans");
        try
        {
            // One connection, the test's own, for every scope: their prepared statements, and the plans they keep, are on the one
            // inspected, and no pool can replace it mid-test.
            await using var connection = await OpenAsync(connectionString);
            await using var provider = Host(connection);
            var org = new OrganizationId("young");
            await CreateAsync(provider, org);

            // The test's own ANALYZE, below, is the only one: autovacuum's could plan the statements again mid-test.
            await ExecuteAsync(connection, string.Concat(((string[])["Organizations", "Memberships", "PendingChanges", "AuditEntries"]).Select(t => $"ALTER TABLE \"Vectice{t}\" SET (autovacuum_enabled = false);")));

            // Statistics of a young database, as autovacuum gathers them: a few rows a table.
            for (var round = 0; round < Young + Rounds; round++)
            {
                if (round == Young)
                {
                    await ExecuteAsync(connection, "ANALYZE");
                }

                await RequestAndConfirmAsync(provider, org, round % 2 == 0 ? OrgRole.Viewer : OrgRole.Member);
            }

            // The confirm's snapshot (by the pending change) and the closing of the pending change find it by its key; no kept plan scans the table.
            var plans = await KeptPlansAsync(connection, "\"VecticePendingChanges\"");
            var lookups = plans
                .Where(p => p.Statement.Contains("\nFROM \"VecticePendingChanges\" p\n", StringComparison.Ordinal) || p.Statement.Contains("UPDATE \"VecticePendingChanges\"", StringComparison.Ordinal))
                .ToList();
            Assert.Equal(2, lookups.Count);
            Assert.All(lookups, p => Assert.Contains("Index Scan using \"PK_VecticePendingChanges\"", p.Plan, StringComparison.Ordinal));
            Assert.All(plans, p => Assert.DoesNotContain("Seq Scan", p.Plan, StringComparison.Ordinal));
        }
        finally
        {
            ThrowawayDatabase.Drop(PostgresServer.ConnectionString!, connectionString);
        }
    }

    [SkippableFact]
    public async Task A_hosts_transaction_and_the_connection_after_the_stores_own_keep_the_hosts_settings()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        // One connection, the test's own, for every scope: nothing resets it between them, as a pool would.
        await using var connection = await OpenAsync(fixture.ConnectionString);
        await using var provider = Host(connection);
        var org = new OrganizationId($"settings-{Guid.NewGuid():N}");
        await CreateAsync(provider, org);
        Assert.Equal("on", await ShowAsync(connection));

        // In the host's transaction: the store's write takes its lock there, and leaves the host's setting as it was.
        PendingChange pending;
        await using (var scope = provider.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
            await using var host = await context.Database.BeginTransactionAsync();
            pending = (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Ada, org, Grace, OrgRole.Viewer)).GetValueOrThrow();
            Assert.Equal("on", await context.Database.SqlQueryRaw<string>("SELECT current_setting('enable_seqscan') AS \"Value\"").SingleAsync());
            await host.CommitAsync();
        }

        // After a write in the store's own transaction (the confirm of that request), on the same connection: the setting ended
        // with the store's transaction.
        await using (var scope = provider.CreateAsyncScope())
        {
            var confirmed = await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending.Id);
            Assert.Equal(OrgRole.Viewer, confirmed.GetValueOrThrow().Membership.Role);
        }

        Assert.Equal("on", await ShowAsync(connection));
    }

    private static async Task<object?> ShowAsync(NpgsqlConnection connection)
    {
        await using var show = new NpgsqlCommand("SHOW enable_seqscan", connection);
        return await show.ExecuteScalarAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    // Every scope's context on the test's connection, which it neither opens nor closes.
    private static ServiceProvider Host(NpgsqlConnection connection)
    {
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(o => o.UseNpgsql(connection));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        var provider = services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.EnsureCreated();
        return provider;
    }

    private static async Task CreateAsync(ServiceProvider provider, OrganizationId org)
    {
        await using var scope = provider.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        (await provisioning.CreateOrganizationAsync(org, "Planned", new User(Ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        (await provisioning.AddMemberAsync(Ada, org, new User(Grace, "grace@example.com", "Grace"), OrgRole.Member)).GetValueOrThrow();
    }

    // A request and its confirm, a scope each, as a web host runs them.
    private static async Task RequestAndConfirmAsync(ServiceProvider provider, OrganizationId org, OrgRole role)
    {
        PendingChange pending;
        await using (var scope = provider.CreateAsyncScope())
        {
            pending = (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Ada, org, Grace, role)).GetValueOrThrow();
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var confirmed = await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending.Id);
            Assert.Equal(role, confirmed.GetValueOrThrow().Membership.Role);
        }
    }

    /// <summary>
    /// The statements prepared on <paramref name="connection"/> that name <paramref name="table"/> and run on a
    /// generic plan, each with that plan as PostgreSQL keeps it (EXPLAIN of the statement with the plan it
    /// kept, not a new one: a new plan would see the table as it is now).
    /// </summary>
    private static async Task<List<(string Statement, string Plan)>> KeptPlansAsync(NpgsqlConnection connection, string table)
    {
        var statements = new List<(string Name, string Statement, int Parameters)>();
        await using (var list = new NpgsqlCommand("SELECT name, statement, cardinality(parameter_types) FROM pg_prepared_statements WHERE generic_plans > 0 AND strpos(statement, @table) > 0", connection))
        {
            list.Parameters.AddWithValue("table", table);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                statements.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        await ExecuteAsync(connection, "SET plan_cache_mode = force_generic_plan");
        var plans = new List<(string Statement, string Plan)>();
        foreach (var (name, statement, parameters) in statements)
        {
            await using var explain = new NpgsqlCommand($"EXPLAIN EXECUTE \"{name}\"({string.Join(", ", Enumerable.Repeat("NULL", parameters))})", connection);
            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            plans.Add((statement, string.Join('\n', lines)));
        }

        await ExecuteAsync(connection, "RESET plan_cache_mode");
        return plans;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
