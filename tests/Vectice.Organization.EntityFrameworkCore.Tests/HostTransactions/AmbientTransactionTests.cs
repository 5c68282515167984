using System.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.EntityFrameworkCore.Tests.Sharding;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.HostTransactions;

/// <summary>
/// The store writes in a transaction the host began on the context, not in a System.Transactions one (a
/// <see cref="TransactionScope"/>, or one enlisted on the context): such a write is refused with the way
/// out before it sends anything or waits for its organization's turn, and nothing of it is kept.
/// </summary>
public abstract class AmbientTransactionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    protected TFixture Fixture => fixture;

    /// <summary>Whether EF Core's provider runs a read inside a <see cref="TransactionScope"/> (enlisting in it) rather than refusing it.</summary>
    protected abstract bool ReadsInATransactionScope { get; }

    [SkippableFact]
    public async Task A_read_inside_a_TransactionScope_is_left_to_the_provider()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var (organization, _) = await SeedAndRequestAsync(provider);

        using var ambient = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled);
        if (ReadsInATransactionScope)
        {
            Assert.Equal(OrgRole.Admin, await RoleOfAlanAsync(provider, organization));
        }
        else
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => RoleOfAlanAsync(provider, organization));
        }
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_inside_a_TransactionScope_is_refused_with_the_way_out_and_changes_nothing(bool complete)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var sent = new CommandRecorder();
        await using var provider = Host(fixture, interceptors: sent);
        var (organization, pending) = await SeedAndRequestAsync(provider);
        sent.Commands.Clear();

        using (var ambient = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await using var scope = provider.CreateAsyncScope();
            await AssertRefusedAsync(scope, organization, pending);
            if (complete)
            {
                ambient.Complete();
            }
        }

        Assert.Empty(sent.Commands);
        await AssertUnchangedThenConfirmedAsync(provider, organization, pending);
    }

    [SkippableFact]
    public async Task A_write_in_the_hosts_transaction_begun_before_a_TransactionScope_is_refused_too()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var (organization, pending) = await SeedAndRequestAsync(provider);

        await using (var scope = provider.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
            {
                await AssertRefusedAsync(scope, organization, pending);
            }

            await transaction.CommitAsync();
        }

        await AssertUnchangedThenConfirmedAsync(provider, organization, pending);
    }

    protected async Task AssertRefusedAsync(AsyncServiceScope scope, OrganizationId organization, PendingChangeId pending)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending));
        Assert.Contains("System.Transactions", refused.Message, StringComparison.Ordinal);
        Assert.Contains("BeginTransactionAsync", refused.Message, StringComparison.Ordinal);

        // No turn of its organization is left held.
        using var context = fixture.CreateContext();
        Assert.Null(OrganizationWriteQueue.Writing(context.Database.GetDbConnection(), organization.Value, context.Database.IsSqlite()));
    }

    /// <summary>The demotion was not applied, and is still pending: the same confirm outside any System.Transactions transaction applies it.</summary>
    protected static async Task AssertUnchangedThenConfirmedAsync(ServiceProvider provider, OrganizationId organization, PendingChangeId pending)
    {
        Assert.Equal(OrgRole.Admin, await RoleOfAlanAsync(provider, organization));
        await using (var scope = provider.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();
        }

        Assert.Equal(OrgRole.Member, await RoleOfAlanAsync(provider, organization));
    }
}

public sealed class SqliteAmbientTransactionTests(SqliteStoreFixture fixture) : AmbientTransactionTests<SqliteStoreFixture>(fixture)
{
    protected override bool ReadsInATransactionScope => false;
}

public sealed class PostgresAmbientTransactionTests(PostgresStoreFixture fixture) : AmbientTransactionTests<PostgresStoreFixture>(fixture)
{
    protected override bool ReadsInATransactionScope => true;

    /// <summary>Npgsql enlists an open connection in a transaction the host hands it (SQLite refuses to).</summary>
    [SkippableFact]
    public async Task A_write_on_a_context_enlisted_in_a_transaction_is_refused()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var provider = Host(Fixture);
        var (organization, pending) = await SeedAndRequestAsync(provider);

        using (var enlisted = new CommittableTransaction())
        {
            await using var scope = provider.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database;
            await database.OpenConnectionAsync();
            database.EnlistTransaction(enlisted);
            await AssertRefusedAsync(scope, organization, pending);
            enlisted.Rollback();
        }

        await AssertUnchangedThenConfirmedAsync(provider, organization, pending);
    }
}
