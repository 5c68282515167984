using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// On PostgreSQL a statement that fails aborts the whole transaction, and the host's COMMIT of an aborted
/// transaction rolls back without an error. An SDK call in a host's transaction whose read fails (here
/// its lock times out on a row another writer holds) goes back to the savepoint it took first, so the
/// host's transaction stays usable and its commit keeps what an earlier call reported as made: whether
/// the host carries on after the failed call, or the call was an observer's, whose failure is logged. (A
/// review of the fourteenth round of issue 13; before, the host's commit succeeded without the confirm.)
/// </summary>
public sealed class HostTransactionAbortedReadTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private static readonly User Grace = new(new UserId("grace"), "grace@example.com", "Grace");

    [SkippableFact]
    public async Task A_second_call_whose_read_fails_leaves_the_first_for_the_hosts_commit()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var (organization, pending) = await SeedAndRequestAsync(provider);
        var (other, _) = await SeedAndRequestAsync(provider);
        await using var held = await HoldRowAsync(other);
        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await BeginWithLockTimeoutAsync(scope);
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();
            await Assert.ThrowsAnyAsync<Exception>(async () =>
                await scope.ServiceProvider.GetRequiredService<ProvisioningService>().AddMemberAsync(Ada, other, Grace, OrgRole.Viewer));

            await transaction.CommitAsync();
        }

        Assert.Equal(OrgRole.Member, await RoleOfAlanAsync(provider, organization));
    }

    [SkippableFact]
    public async Task An_observers_call_whose_read_fails_leaves_the_confirm_for_the_hosts_commit()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var services = new ServiceCollection();
        services.AddDbContext<OrganizationDbContext>(fixture.UseDatabase);
        services.AddVecticeOrganization(options => options.AccessMaxStaleness = TimeSpan.FromHours(1)).AddEntityFrameworkStores<OrganizationDbContext>();
        services.AddScoped<AddingObserver>();
        services.AddScoped<IMembershipChangeObserver>(s => s.GetRequiredService<AddingObserver>());
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var (organization, pending) = await SeedAndRequestAsync(provider);
        var (other, _) = await SeedAndRequestAsync(provider);
        await using var held = await HoldRowAsync(other);
        AddingObserver observer;
        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await BeginWithLockTimeoutAsync(scope);
            observer = scope.ServiceProvider.GetRequiredService<AddingObserver>();
            observer.Organization = other;
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();

            await transaction.CommitAsync();
        }

        Assert.NotNull(observer.Failure);
        Assert.Equal(OrgRole.Member, await RoleOfAlanAsync(provider, organization));
    }

    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWithLockTimeoutAsync(AsyncServiceScope scope)
    {
        var database = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database;
        var transaction = await database.BeginTransactionAsync();
        await database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '300ms'");
        return transaction;
    }

    /// <summary>Another writer's connection, whose transaction holds <paramref name="organization"/>'s row until the connection is disposed.</summary>
    private async Task<NpgsqlConnection> HoldRowAsync(OrganizationId organization)
    {
        var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var hold = new NpgsqlCommand("SELECT 1 FROM \"VecticeOrganizations\" WHERE \"Id\" = @id FOR UPDATE", connection, transaction);
        hold.Parameters.AddWithValue("id", organization.Value);
        await hold.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>On the first role change, adds Grace to another organization: an SDK call of its own in the same scope.</summary>
    private sealed class AddingObserver(IServiceProvider scope) : IMembershipChangeObserver
    {
        public OrganizationId? Organization { get; set; }

        public Exception? Failure { get; private set; }

        public async ValueTask OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken)
        {
            if (Organization is { } organization && change.Action == AuditAction.RoleChanged)
            {
                Organization = null;
                try
                {
                    await scope.GetRequiredService<ProvisioningService>().AddMemberAsync(Ada, organization, Grace, OrgRole.Viewer, cancellationToken);
                }
                catch (Exception e)
                {
                    Failure = e;
                    throw;
                }
            }
        }
    }
}
