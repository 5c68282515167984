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
/// after it, with an English ICU collation by default. The server comes from <see cref="ThrowawayDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgresStoreFixture : EntityFrameworkStoreFixture
{
    private string? _connectionString;

    public override string? SkipReason => PostgresServer.SkipReason;

    /// <summary>The fixture's own database, once <see cref="InitializeAsync"/> has created it.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture's database is created when the fixture is initialized.");

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

        // A linguistic default collation (ICU, English), as a host's database may well have: the store must
        // still list members in code point order (StoreContractSpecification), which it forces on the column.
        try
        {
            _connectionString = ThrowawayDatabase.Create(PostgresServer.ConnectionString!, "vectice_test", "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        }
        catch (PostgresException e)
        {
            throw new InvalidOperationException(
                "The PostgreSQL store tests need PostgreSQL 15 or later built with ICU, and the C.UTF-8 locale, to create a database with an English ICU collation.", e);
        }
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();
    }

    public override Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            ThrowawayDatabase.Drop(PostgresServer.ConnectionString!, _connectionString);
        }

        return Task.CompletedTask;
    }
}
