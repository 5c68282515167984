using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// A pending change written before the four-eyes columns existed (an INSERT that names none of them)
/// reads back as requested without four-eyes; an Admin grant four-eyes now guards is then stale at
/// confirm, never confirmable by its requester alone.
/// </summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task A_pending_change_written_before_the_four_eyes_columns_is_requested_again_rather_than_confirmed_alone()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vectice-upgrade-{Guid.NewGuid():N}.db");
        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
            await using var context = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseSqlite(connectionString).Options);
            await context.Database.ExecuteSqlRawAsync(await File.ReadAllTextAsync(RepositoryFiles.Path("src/Vectice.Organization.EntityFrameworkCore/Scripts/sqlite.sql")));
            var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
            var options = Options.Create(new VecticeOrganizationOptions());
            var provisioning = new ProvisioningService(store, options);
            var org = new OrganizationId("upgraded");
            var (ada, alan, bob) = (new UserId("ada"), new UserId("alan"), new UserId("bob"));
            var fourEyes = new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants);
            Assert.True((await provisioning.CreateOrganizationAsync(org, "Upgraded", new User(ada, "ada@example.com", "Ada"), fourEyes, [new User(alan, "alan@example.com", "Alan")])).IsSuccess);
            Assert.True((await provisioning.AddMemberAsync(ada, org, new User(bob, "bob@example.com", "Bob"), OrgRole.Member)).IsSuccess);
            var id = Guid.NewGuid();
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO "VecticePendingChanges" ("Id", "OrganizationId", "TargetUserId", "Kind", "FromRole", "FromStatus", "ToRole", "ToStatus",
                    "RequestedBy", "RequestedAt", "ExpiresAt", "ExpiresAtUtcTicks", "Status")
                VALUES ({id}, 'upgraded', 'bob', 'ChangeRole', 'Member', 'Active', 'Admin', 'Active', 'ada', {DateTimeOffset.UtcNow}, {expires}, {expires.UtcTicks}, 'Pending')
                """);

            var pending = (await store.FindPendingChangeAsync(new PendingChangeId(id), CancellationToken.None))!;
            var confirmed = await new RoleChangeService(store, options).ConfirmAsync(ada, pending.Id);

            Assert.Equal((FourEyesPolicy.Off, (OrganizationSettings?)null), (pending.FourEyesAtRequest, pending.SettingsAfter));
            Assert.Equal(RefusalCode.StaleChange, confirmed.Refusal?.Code);
            Assert.Equal(OrgRole.Member, (await store.FindMembershipAsync(org, bob, CancellationToken.None))!.Role);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
