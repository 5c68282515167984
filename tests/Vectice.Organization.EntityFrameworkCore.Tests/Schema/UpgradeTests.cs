using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// A database made from the create script before pending changes kept their four-eyes policy
/// (<c>Schema/Before/</c>, the scripts as they were) and upgraded with the shipped
/// upgrade scripts (<see cref="OrganizationSchema.GetUpgradeScripts"/>: <c>add-four-eyes-columns</c>, and on PostgreSQL
/// <c>member-order</c>) works: a pending change written before the upgrade reads as
/// requested without four-eyes, so an Admin grant four-eyes now guards is stale at confirm, never
/// confirmable alone; its columns are those of a database made from today's create script (name, type,
/// collation, nullability, default); and the request/confirm flow runs on it.
/// </summary>
public sealed class UpgradeTests
{
    [Fact]
    public Task A_sqlite_database_from_the_earlier_script_upgrades_and_its_old_changes_are_not_confirmed_alone() =>
        ScratchDatabase.RunAsync("sqlite", options => AssertUpgradeAsync("sqlite", options));

    [SkippableFact]
    public Task A_postgresql_database_from_the_earlier_script_upgrades_and_its_old_changes_are_not_confirmed_alone()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return ScratchDatabase.RunAsync("postgresql", options => AssertUpgradeAsync("postgresql", options));
    }

    private static async Task AssertUpgradeAsync(string provider, DbContextOptions<OrganizationDbContext> options)
    {
        var org = new OrganizationId("upgraded");
        var (ada, alan, bob) = (new UserId("ada"), new UserId("alan"), new UserId("bob"));
        var pendingId = Guid.NewGuid();
        await using (var before = new OrganizationDbContext(options))
        {
            // What the earlier schema held: four-eyes on, two Admins, and an Admin grant Ada requested.
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            await before.Database.ExecuteSqlRawAsync(await File.ReadAllTextAsync(RepositoryFiles.Path($"tests/Vectice.Organization.EntityFrameworkCore.Tests/Schema/Before/{provider}.sql")));
            await before.Database.ExecuteSqlRawAsync("""INSERT INTO "VecticeOrganizations" VALUES ('upgraded', 'Upgraded', false, false, 'AdminGrants', 2)""".Replace("false", provider == "sqlite" ? "0" : "false", StringComparison.Ordinal));
            await before.Database.ExecuteSqlRawAsync("""
                INSERT INTO "VecticeMemberships" VALUES ('upgraded', 'ada', 'ada@example.com', 'Ada', 'Admin', 'Active'),
                    ('upgraded', 'alan', 'alan@example.com', 'Alan', 'Admin', 'Active'), ('upgraded', 'bob', 'bob@example.com', 'Bob', 'Member', 'Active')
                """);
            await before.Database.ExecuteSqlAsync($"""
                INSERT INTO "VecticePendingChanges" ("Id", "OrganizationId", "TargetUserId", "Kind", "FromRole", "FromStatus", "ToRole", "ToStatus",
                    "RequestedBy", "RequestedAt", "ExpiresAt", "ExpiresAtUtcTicks", "Status")
                VALUES ({pendingId}, 'upgraded', 'bob', 'ChangeRole', 'Member', 'Active', 'Admin', 'Active', 'ada', {DateTimeOffset.UtcNow}, {expires}, {expires.UtcTicks}, 'Pending')
                """);
            foreach (var upgrade in OrganizationSchema.GetUpgradeScripts(before.Database.ProviderName!))
            {
                await before.Database.ExecuteSqlRawAsync(upgrade.Sql);
            }
        }

        await using var context = new OrganizationDbContext(options);
        var upgradedColumns = await ColumnsAsync(context, provider);
        await ScratchDatabase.RunAsync(provider, async created =>
        {
            await using var fresh = new OrganizationDbContext(created);
            Assert.True(await OrganizationSchema.EnsureCreatedAsync(fresh));
            Assert.Equal(await ColumnsAsync(fresh, provider), upgradedColumns);
        });

        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var roleChanges = new RoleChangeService(store, Options.Create(new VecticeOrganizationOptions()));
        var pending = (await store.FindPendingChangeAsync(new PendingChangeId(new OrganizationId("upgraded"), pendingId), CancellationToken.None))!;

        Assert.Equal((FourEyesPolicy.Off, (OrganizationSettings?)null), (pending.FourEyesAtRequest, pending.SettingsAfter));
        Assert.Equal(RefusalCode.StaleChange, (await roleChanges.ConfirmAsync(ada, pending.Id)).Refusal?.Code);
        Assert.Equal(RefusalCode.StaleChange, (await roleChanges.ConfirmAsync(alan, pending.Id)).Refusal?.Code);
        Assert.Equal(OrgRole.Member, (await store.FindMembershipAsync(org, bob, CancellationToken.None))!.Role);

        var again = (await roleChanges.RequestAsync(ada, org, bob, OrgRole.Admin)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(alan, again.Id)).GetValueOrThrow();
        await ScriptedSchema.AssertTheFlowWorksAsync(store);
    }

    /// <summary>Every column of the database as "table.column type nullability default", in name order.</summary>
    private static async Task<List<string>> ColumnsAsync(OrganizationDbContext context, string provider)
    {
        var sql = provider == "sqlite"
            ? """
              SELECT t.name || '.' || c.name || ' ' || c.type || ' ' || (CASE c."notnull" WHEN 1 THEN 'NOT NULL' ELSE 'NULL' END) || ' ' || coalesce(c.dflt_value, '')
              FROM sqlite_master t JOIN pragma_table_info(t.name) c WHERE t.type = 'table' AND t.name LIKE 'Vectice%'
              """
            : """
              SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || coalesce(' COLLATE ' || collation_name, '') || ' ' || is_nullable || ' ' || coalesce(column_default, '')
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'Vectice%'
              """;
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var columns = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }

            columns.Sort(StringComparer.Ordinal);
            return columns;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
