using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Entities;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// On PostgreSQL, a host that registers the stores with <c>AddEntityFrameworkStores</c> gets the store's
/// statements prepared on each pooled connection (planned once, not on every request), whichever way
/// it registers its context, and its own statements are left unprepared.
/// </summary>
public sealed class StatementPreparationTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_stores_statements_are_prepared_once_per_connection_and_the_hosts_are_not(bool pooledContext)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);

        // One physical connection, so that every scope's statements land on the connection inspected below.
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { MaxPoolSize = 1, ApplicationName = $"prepared-{pooledContext}" }.ToString();
        var services = new ServiceCollection();
        if (pooledContext)
        {
            services.AddDbContextPool<OrganizationDbContext>(o => o.UseNpgsql(connectionString));
        }
        else
        {
            services.AddDbContext<OrganizationDbContext>(o => o.UseNpgsql(connectionString));
        }

        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var (ada, grace, org) = (new UserId("ada"), new UserId("grace"), new OrganizationId($"prepared-{Guid.NewGuid():N}"));
        async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> request)
        {
            await using var scope = provider.CreateAsyncScope();
            return await request(scope.ServiceProvider);
        }

        Assert.True(await InScopeAsync(async s => (await s.GetRequiredService<ProvisioningService>().CreateOrganizationAsync(org, "Prepared", new User(ada, "ada@example.com", "Ada"))).IsSuccess));
        Assert.True(await InScopeAsync(async s => (await s.GetRequiredService<ProvisioningService>().AddMemberAsync(ada, org, new User(grace, "grace@example.com", "Grace"), OrgRole.Member)).IsSuccess));
        for (var round = 0; round < 3; round++)
        {
            var role = round % 2 == 0 ? OrgRole.Viewer : OrgRole.Member;
            var pending = await InScopeAsync(async s => (await s.GetRequiredService<RoleChangeService>().RequestAsync(ada, org, grace, role)).AsT0);
            var confirmed = await InScopeAsync(async s => await s.GetRequiredService<RoleChangeService>().ConfirmAsync(ada, pending.Id));
            Assert.True(confirmed.IsSuccess, confirmed.Refusal?.Reason);
        }

        var prepared = await InScopeAsync(async s =>
        {
            var context = s.GetRequiredService<OrganizationDbContext>();
            Assert.Equal(2, await context.Set<MembershipRow>().CountAsync(m => m.OrganizationId == org.Value));
            return await context.Database.SqlQueryRaw<PreparedStatement>("SELECT statement AS \"Statement\" FROM pg_prepared_statements").ToListAsync();
        });

        // The first statement of each of the store's commands carries its tag; the others follow it in the same command.
        var statements = prepared.ConvertAll(p => p.Statement);
        Assert.Contains(statements, s => s.StartsWith("-- " + StatementPreparation.Tag, StringComparison.Ordinal) && s.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.StartsWith("-- " + StatementPreparation.Tag, StringComparison.Ordinal) && s.Contains("FROM \"VecticeOrganizations\"", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.StartsWith("UPDATE \"VecticeMemberships\"", StringComparison.Ordinal));

        // Prepared once each: three rounds on one connection did not prepare a statement again.
        Assert.Equal(statements.Count, statements.Distinct().Count());

        // The host's count above, and its query of pg_prepared_statements, were not prepared.
        Assert.DoesNotContain(statements, s => s.StartsWith("SELECT count(*)", StringComparison.OrdinalIgnoreCase) || s.Contains("pg_prepared_statements", StringComparison.Ordinal));
    }

    /// <summary>
    /// The interceptor is added where it prepares (Npgsql, or a provider chosen after the stores), and not
    /// where it could not: it would cost every scope a copy of the options.
    /// </summary>
    [Theory]
    [InlineData("npgsql", true, true)]
    [InlineData("npgsql", false, true)]
    [InlineData("sqlite", true, false)]
    [InlineData("sqlite", false, true)]
    public void The_stores_add_the_interceptor_to_the_contexts_options_where_it_prepares(string database, bool contextRegisteredFirst, bool expected)
    {
        var services = new ServiceCollection();
        void AddContext() => services.AddDbContext<OrganizationDbContext>(o => _ = database == "npgsql" ? o.UseNpgsql("Host=unused") : o.UseSqlite("Data Source=:memory:"));
        if (contextRegisteredFirst)
        {
            AddContext();
        }

        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        if (!contextRegisteredFirst)
        {
            AddContext();
        }

        using var provider = services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<OrganizationDbContext>>();
        var interceptors = options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors ?? [];
        Assert.Equal(expected, interceptors.Contains(StatementPreparation.Instance));
    }

    private sealed record PreparedStatement(string Statement);
}
