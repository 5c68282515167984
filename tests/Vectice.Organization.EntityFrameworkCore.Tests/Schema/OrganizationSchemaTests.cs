using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// <see cref="OrganizationSchema"/>, the way hosts without migrations create the SDK's tables: once, whoever
/// calls it and however often; only where the script's tables are the model's; only on the providers it has
/// scripts for, saying so otherwise.
/// </summary>
public sealed class OrganizationSchemaTests
{
    [Fact]
    public Task On_sqlite_it_creates_the_tables_once_and_leaves_them_and_their_rows_after() => AssertCreatedOnceAsync("sqlite");

    [SkippableFact]
    public Task On_postgresql_it_creates_the_tables_once_and_leaves_them_and_their_rows_after()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return AssertCreatedOnceAsync("postgresql");
    }

    [Fact]
    public Task On_sqlite_instances_starting_together_create_the_tables_once() => AssertCreatedOnceTogetherAsync("sqlite");

    [SkippableFact]
    public Task On_postgresql_instances_starting_together_create_the_tables_once()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return AssertCreatedOnceTogetherAsync("postgresql");
    }

    [Fact]
    public Task On_sqlite_a_database_with_some_of_the_tables_is_refused_naming_the_missing_ones() => AssertPartialRefusedAsync("sqlite");

    [SkippableFact]
    public Task On_postgresql_a_database_with_some_of_the_tables_is_refused_naming_the_missing_ones()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return AssertPartialRefusedAsync("postgresql");
    }

    [Theory]
    [InlineData("Org_", null)]
    [InlineData("Vectice", "identity")]
    public Task A_context_whose_tables_the_script_does_not_make_is_refused_and_nothing_is_created(string prefix, string? schema) =>
        ScratchDatabase.RunAsync("sqlite", async options =>
        {
            await using var context = new ModelTests.HostDbContext(HostOptions(options), prefix, schema);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => OrganizationSchema.EnsureCreatedAsync(context));

            Assert.Contains("HostDbContext maps the Vectice.Organization tables to " + (schema is null ? "" : schema + ".") + prefix + "Organizations", refused.Message, StringComparison.Ordinal);
            Assert.Contains("migrations", refused.Message, StringComparison.Ordinal);
            Assert.Empty(await TablesAsync(context));
        });

    [Fact]
    public Task A_context_without_the_sdks_tables_is_refused_and_nothing_is_created() =>
        ScratchDatabase.RunAsync("sqlite", async options =>
        {
            await using var context = new WidgetsOnlyDbContext(new DbContextOptionsBuilder<WidgetsOnlyDbContext>().UseSqlite(ConnectionString(options)).Options);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => OrganizationSchema.EnsureCreatedAsync(context));

            Assert.Contains("WidgetsOnlyDbContext's model has no Vectice.Organization tables: call modelBuilder.AddVecticeOrganization()", refused.Message, StringComparison.Ordinal);
            Assert.Empty(await TablesAsync(context));
        });

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore.SqlServer")]
    [InlineData("sqlite")]
    [InlineData("")]
    public void A_provider_without_scripts_is_refused_with_the_ones_that_have_them(string providerName)
    {
        foreach (var call in new Action[] { () => OrganizationSchema.GetCreateScript(providerName), () => OrganizationSchema.GetUpgradeScripts(providerName) })
        {
            var refused = Assert.Throws<ArgumentException>(nameof(providerName), call);
            Assert.StartsWith($"The SDK has no scripts for the EF Core provider '{providerName}', only for Microsoft.EntityFrameworkCore.Sqlite and Npgsql.EntityFrameworkCore.PostgreSQL.", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Null_is_refused_with_the_arguments_name()
    {
        Assert.Throws<ArgumentNullException>("providerName", () => OrganizationSchema.GetCreateScript(null!));
        Assert.Throws<ArgumentNullException>("providerName", () => OrganizationSchema.GetUpgradeScripts(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("context", () => OrganizationSchema.EnsureCreatedAsync(null!));
    }

    [Fact]
    public Task In_a_transaction_of_the_hosts_it_is_refused_and_creates_nothing() => ScratchDatabase.RunAsync("sqlite", async options =>
    {
        await using var context = new OrganizationDbContext(options);
        await using (await context.Database.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => OrganizationSchema.EnsureCreatedAsync(context));
            Assert.Contains("EnsureCreatedAsync checks and creates the tables in a transaction of its own", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await TablesAsync(context));
    });

    private static Task AssertCreatedOnceAsync(string provider) => ScratchDatabase.RunAsync(provider, async options =>
    {
        await using var context = new OrganizationDbContext(options);

        Assert.True(await OrganizationSchema.EnsureCreatedAsync(context));
        await ScriptedSchema.AssertTheFlowWorksAsync(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context));
        Assert.False(await OrganizationSchema.EnsureCreatedAsync(context));

        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        Assert.Equal(OrgRole.Admin, (await store.FindMembershipAsync(new OrganizationId("scripted"), new UserId("bob"), CancellationToken.None))!.Role);
        Assert.Equal(["VecticeAuditEntries", "VecticeMemberships", "VecticeOrganizations", "VecticePendingChanges"], await TablesAsync(context));
    });

    // Only the organizations table: it used to answer false ("they were there"), and the host's first read failed.
    private static Task AssertPartialRefusedAsync(string provider) => ScratchDatabase.RunAsync(provider, async options =>
    {
        await using var context = new OrganizationDbContext(options);
        await context.Database.ExecuteSqlRawAsync("CREATE TABLE \"VecticeOrganizations\" (\"Id\" TEXT PRIMARY KEY)");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => OrganizationSchema.EnsureCreatedAsync(context));

        Assert.Contains("but not VecticeMemberships, VecticePendingChanges, VecticeAuditEntries", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["VecticeOrganizations"], await TablesAsync(context));
    });

    private static Task AssertCreatedOnceTogetherAsync(string provider) => ScratchDatabase.RunAsync(provider, async options =>
    {
        // Each instance on a connection of its own, as processes of one application have.
        var contexts = Enumerable.Range(0, 4).Select(_ => new OrganizationDbContext(options)).ToList();
        try
        {
            var created = await Task.WhenAll(contexts.Select(c => Task.Run(() => OrganizationSchema.EnsureCreatedAsync(c))));

            Assert.Single(created, true);
            await ScriptedSchema.AssertTheFlowWorksAsync(new EntityFrameworkOrganizationStore<OrganizationDbContext>(contexts[0]));
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    });

    private static DbContextOptions<ModelTests.HostDbContext> HostOptions(DbContextOptions<OrganizationDbContext> options) =>
        new DbContextOptionsBuilder<ModelTests.HostDbContext>().UseSqlite(ConnectionString(options)).Options;

    private static string ConnectionString(DbContextOptions<OrganizationDbContext> options)
    {
        using var context = new OrganizationDbContext(options);
        return context.Database.GetConnectionString()!;
    }

    /// <summary>The database's tables, in name order.</summary>
    private static async Task<List<string>> TablesAsync(DbContext context)
    {
        var sql = context.Database.IsSqlite()
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            : "SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'";
        var tables = await context.Database.SqlQueryRaw<string>(sql).ToListAsync();
        tables.Sort(StringComparer.Ordinal);
        return tables;
    }

    private sealed class WidgetsOnlyDbContext(DbContextOptions<WidgetsOnlyDbContext> options) : DbContext(options)
    {
        public DbSet<ModelTests.Widget> Widgets => Set<ModelTests.Widget>();
    }
}
