using System.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.HostTransactions;

/// <summary>
/// The store writes in a transaction the host began on the context, not in a System.Transactions
/// <see cref="TransactionScope"/>: a write inside one is refused with the way out, before it sends
/// anything, whether the host then completes its scope or not.
/// </summary>
public abstract class AmbientTransactionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_inside_a_TransactionScope_is_refused_with_the_way_out_and_changes_nothing(bool complete)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var provider = Host(fixture);
        var (organization, pending) = await SeedAndRequestAsync(provider);

        using (var ambient = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await using var scope = provider.CreateAsyncScope();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending));
            Assert.Contains("TransactionScope", refused.Message, StringComparison.Ordinal);
            Assert.Contains("BeginTransactionAsync", refused.Message, StringComparison.Ordinal);
            if (complete)
            {
                ambient.Complete();
            }
        }

        Assert.Equal(OrgRole.Admin, await RoleOfAlanAsync(provider, organization));
        await using (var scope = provider.CreateAsyncScope())
        {
            // Still pending: the refused confirm consumed nothing, and the same confirm outside the scope applies it.
            (await scope.ServiceProvider.GetRequiredService<RoleChangeService>().ConfirmAsync(Ada, pending)).GetValueOrThrow();
        }

        Assert.Equal(OrgRole.Member, await RoleOfAlanAsync(provider, organization));
    }
}

public sealed class SqliteAmbientTransactionTests(SqliteStoreFixture fixture) : AmbientTransactionTests<SqliteStoreFixture>(fixture);

public sealed class PostgresAmbientTransactionTests(PostgresStoreFixture fixture) : AmbientTransactionTests<PostgresStoreFixture>(fixture);
