using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>
/// On PostgreSQL the store commits in a transaction of its own (for the change notification), run
/// through the host's execution strategy: a transient failure inside it must retry the whole commit,
/// never report as written a commit whose rows a failed attempt marked saved.
/// </summary>
public sealed class RetryingStrategyTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [SkippableFact]
    public async Task A_transient_failure_at_the_notification_is_retried_and_the_change_is_written_once()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var failOnce = new FailFirstCommand(sql => sql.Contains("pg_notify", StringComparison.Ordinal));
        var options = new DbContextOptionsBuilder<OrganizationDbContext>()
            .UseNpgsql(fixture.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(10), null))
            .AddInterceptors(failOnce)
            .Options;
        var settings = new OrganizationSettings(MembersCanCreateWorkspaces: true, MembersCanInviteColleagues: true, FourEyesPolicy.Off);

        await using (var context = new OrganizationDbContext(options))
        {
            var changed = await organization.On(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context)).Settings.ChangeAsync(Ada, organization.Id, settings);
            changed.GetValueOrThrow();
        }

        Assert.Equal(2, failOnce.Seen); // the failed one, then the retried one
        await using var check = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(fixture.ConnectionString).Options);
        var stored = await organization.On(new EntityFrameworkOrganizationStore<OrganizationDbContext>(check)).Store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, default);
        Assert.Equal(settings, stored!.Organization.Settings);
        var audit = await check.Set<Vectice.Organization.EntityFrameworkCore.Entities.AuditEntryRow>().CountAsync(a => a.OrganizationId == organization.Id.Value && a.Action == AuditAction.SettingsChanged);
        Assert.Equal(1, audit);
    }
}
