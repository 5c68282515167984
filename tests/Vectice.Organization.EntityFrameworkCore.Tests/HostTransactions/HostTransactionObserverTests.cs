using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.HostTransactions;

/// <summary>
/// In a transaction the host began on the context, the services tell the observers once the store's
/// statements ran in it, before the host commits: a host that then rolls back has had its observers told
/// of a change that was not kept (docs/notifications.md says so; the audit trail holds only what was).
/// </summary>
public abstract class HostTransactionObserverTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    [SkippableFact]
    public async Task Observers_are_told_before_the_hosts_commit_so_also_of_a_change_the_host_rolls_back()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var observer = new RecordingObserver();
        await using var provider = Host(fixture, configure: services => services.AddSingleton<IMembershipChangeObserver>(observer));
        var (organization, pending) = await SeedAndRequestAsync(provider);
        observer.Told.Clear();

        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();
            var told = Assert.Single(observer.Told);
            Assert.Equal((AuditAction.RoleChanged, Alan, OrgRole.Member), (told.Action, told.Target, told.After.Role));
            await transaction.RollbackAsync();
        }

        Assert.Equal(OrgRole.Admin, await RoleOfAlanAsync(provider, organization));
        await using (var scope = provider.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<IOrganizationStore>()
                .ListAuditEntriesAsync(organization, new AuditQuery(), CancellationToken.None);
            Assert.DoesNotContain(audit.Items, e => e.Action == AuditAction.RoleChanged);
        }
    }
}

public sealed class SqliteHostTransactionObserverTests(SqliteStoreFixture fixture) : HostTransactionObserverTests<SqliteStoreFixture>(fixture);

public sealed class PostgresHostTransactionObserverTests(PostgresStoreFixture fixture) : HostTransactionObserverTests<PostgresStoreFixture>(fixture);
