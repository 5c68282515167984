using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Access;

/// <summary>
/// A change the SDK commits inside a transaction the host began on its context is obeyed by this
/// process's access checks from the host's commit on, even when a check made before that commit read
/// the state before the change and cached it; a host that rolls back leaves the checks as they were. The
/// staleness bound is an hour and there is no feed, so only the host's commit can tell the checks.
/// </summary>
public abstract class HostTransactionAccessTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Alan = new("alan");

    [SkippableTheory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_demotion_confirmed_in_a_hosts_transaction_is_obeyed_by_the_first_check_after_the_host_commits(bool pooledContext, bool commitAsync)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(pooledContext);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var organization = await SeedAsync(provider);
        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));

        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
            var pending = (await roleChanges.RequestAsync(Ada, organization, Alan, OrgRole.Member)).GetValueOrThrow();
            (await roleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();

            // Not committed yet: the check reads Alan as an Admin, and caches it.
            Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
            if (commitAsync)
            {
                await transaction.CommitAsync();
            }
            else
            {
                transaction.Commit();
            }
        }

        Assert.False(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        Assert.Equal(OrgRole.Member, (await access.GetAccessAsync(Alan, organization))?.Role);
    }

    [SkippableFact]
    public async Task A_demotion_rolled_back_by_the_host_leaves_the_checks_granting_what_they_granted()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(pooledContext: false);
        var access = provider.GetRequiredService<OrganizationAccess>();
        var organization = await SeedAsync(provider);

        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
            var pending = (await roleChanges.RequestAsync(Ada, organization, Alan, OrgRole.Member)).GetValueOrThrow();
            (await roleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();
            Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
            await transaction.RollbackAsync();
        }

        Assert.True(await access.IsAllowedAsync(Alan, organization, Permission.ManageUsers));
        Assert.Equal(OrgRole.Admin, (await access.GetAccessAsync(Alan, organization))?.Role);
    }

    private ServiceProvider Host(bool pooledContext)
    {
        var services = new ServiceCollection();
        _ = pooledContext
            ? services.AddDbContextPool<OrganizationDbContext>(fixture.UseDatabase)
            : services.AddDbContext<OrganizationDbContext>(fixture.UseDatabase);
        services.AddVecticeOrganization(options => options.AccessMaxStaleness = TimeSpan.FromHours(1)).AddEntityFrameworkStores<OrganizationDbContext>();
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>An organization of two Admins, Ada and Alan, created in a scope of its own.</summary>
    private static async Task<OrganizationId> SeedAsync(ServiceProvider provider)
    {
        var organization = new OrganizationId($"host-transaction-{Guid.NewGuid():N}");
        await using var scope = provider.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        (await provisioning.CreateOrganizationAsync(organization, "Host transaction", new User(Ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        (await provisioning.AddMemberAsync(Ada, organization, new User(Alan, "alan@example.com", "Alan"), OrgRole.Admin)).GetValueOrThrow();
        return organization;
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqliteHostTransactionAccessTests(SqliteStoreFixture fixture) : HostTransactionAccessTests<SqliteStoreFixture>(fixture);

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresHostTransactionAccessTests(PostgresStoreFixture fixture) : HostTransactionAccessTests<PostgresStoreFixture>(fixture);
