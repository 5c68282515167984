using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Revocation;

/// <summary>
/// The database both processes share and the change feed that tells the watching process of the
/// demotion: PostgreSQL with its <c>LISTEN</c> feed, or a SQLite file (WAL) with the polling feed.
/// </summary>
internal sealed class RevocationStore(string name)
{
    public static readonly RevocationStore PostgreSql = new("postgresql");

    public static readonly RevocationStore Sqlite = new("sqlite");

    public string Name { get; } = name;

    public bool IsPostgreSql => Name == PostgreSql.Name;

    public static RevocationStore Parse(string name) =>
        name == PostgreSql.Name ? PostgreSql : name == Sqlite.Name ? Sqlite : throw new ArgumentException($"Unknown store '{name}'.", nameof(name));

    /// <summary>Registers the stores and the feed as a web app would.</summary>
    public void Register(IServiceCollection services, string connectionString, TimeSpan? accessMaxStaleness)
    {
        services.AddDbContext<OrganizationDbContext>(o =>
        {
            if (IsPostgreSql)
            {
                o.UseNpgsql(connectionString);
            }
            else
            {
                o.UseSqlite(connectionString);
            }
        });
        var organization = services
            .AddVecticeOrganization(accessMaxStaleness is { } staleness ? o => o.AccessMaxStaleness = staleness : null)
            .AddEntityFrameworkStores<OrganizationDbContext>();
        if (IsPostgreSql)
        {
            organization.AddPostgreSqlChangeFeed(connectionString);
        }
        else
        {
            organization.AddPollingChangeFeed();
        }
    }

    /// <summary>A fresh, empty database; its connection string.</summary>
    public string Create(string? server)
    {
        if (IsPostgreSql)
        {
            return ThrowawayDatabase.Create(server!, "vectice_revocation");
        }

        var file = Path.Combine(Path.GetTempPath(), $"vectice-revocation-{Guid.NewGuid():N}.db");
        return new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 120 }.ToString();
    }

    /// <summary>Creates the schema (and turns on WAL for SQLite, so the two processes do not block each other's reads).</summary>
    public async Task CreateSchemaAsync(OrganizationDbContext context)
    {
        await context.Database.EnsureCreatedAsync();
        if (!IsPostgreSql)
        {
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    public void Drop(string? server, string connectionString)
    {
        if (IsPostgreSql)
        {
            ThrowawayDatabase.Drop(server!, connectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(f);
        }
    }
}
