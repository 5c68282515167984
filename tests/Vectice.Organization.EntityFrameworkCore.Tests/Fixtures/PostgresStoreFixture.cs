using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// The EF Core store on PostgreSQL, in a database of its own created for the fixture and dropped
/// after it. The server comes from <see cref="PostgresServer.ConnectionStringVariable"/>.
/// </summary>
public sealed class PostgresStoreFixture : StoreFixture, IContextFactory
{
    private readonly string _database = $"vectice_test_{Guid.NewGuid():N}";

    public override string? SkipReason => PostgresServer.SkipReason;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ToString();

    public OrganizationDbContext CreateContext(params IInterceptor[] interceptors) =>
        new(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(ConnectionString).AddInterceptors(interceptors).Options);

    public override StoreScope OpenScope()
    {
        var context = CreateContext();
        return new StoreScope(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), context);
    }

    public override async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        await PostgresServer.ExecuteAsync($"CREATE DATABASE \"{_database}\"");
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
    }

    public override async Task DisposeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await PostgresServer.ExecuteAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }
}
