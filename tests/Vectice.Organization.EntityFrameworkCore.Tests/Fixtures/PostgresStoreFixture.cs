using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.PostgreSql;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// The EF Core store on PostgreSQL, in a database of its own created for the fixture and dropped
/// after it. The server comes from <see cref="PostgresServer.ConnectionStringVariable"/>.
/// </summary>
public sealed class PostgresStoreFixture : EntityFrameworkStoreFixture
{
    private readonly string _database = $"vectice_test_{Guid.NewGuid():N}";

    public override string? SkipReason => PostgresServer.SkipReason;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = _database }.ToString();

    protected override DbContextOptionsBuilder<OrganizationDbContext> UseProvider(DbContextOptionsBuilder<OrganizationDbContext> options) =>
        options.UseNpgsql(ConnectionString);

    /// <summary>The PostgreSQL feed on this fixture's database, checking in every 50 ms.</summary>
    public override IOrganizationChangeFeed CreateChangeFeed(IServiceScopeFactory scopes, TimeProvider timeProvider) =>
        new PostgreSqlOrganizationChangeFeed(Options.Create(new PostgreSqlChangeFeedOptions { ConnectionString = ConnectionString, HeartbeatInterval = TimeSpan.FromMilliseconds(50) }), timeProvider);

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

        await PostgresServer.DropDatabaseAsync(_database);
    }
}
