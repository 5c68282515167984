using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
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
        var failOnce = new FailFirstNotification();
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

        Assert.Equal(2, failOnce.Notifications); // the failed one, then the retried one
        await using var check = new OrganizationDbContext(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(fixture.ConnectionString).Options);
        var stored = await organization.On(new EntityFrameworkOrganizationStore<OrganizationDbContext>(check)).Store.LoadSnapshotAsync(organization.Id, Ada, Ada, null, default);
        Assert.Equal(settings, stored!.Organization.Settings);
        var audit = await check.Set<Vectice.Organization.EntityFrameworkCore.Entities.AuditEntryRow>().CountAsync(a => a.OrganizationId == organization.Id.Value && a.Action == AuditAction.SettingsChanged);
        Assert.Equal(1, audit);
    }

    /// <summary>Fails the first <c>pg_notify</c> as a lost connection would, before it reaches the server.</summary>
    private sealed class FailFirstNotification : DbCommandInterceptor
    {
        private int _notifications;

        public int Notifications => Volatile.Read(ref _notifications);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("pg_notify", StringComparison.Ordinal) && Interlocked.Increment(ref _notifications) == 1)
            {
                throw new NpgsqlException("Injected: the connection was lost.", new IOException("lost"));
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
