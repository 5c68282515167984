using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>The EF Core store on a SQLite file in WAL mode; each scope has its own context and connection.</summary>
public sealed class SqliteStoreFixture : EntityFrameworkStoreFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"vectice-sqlite-{Guid.NewGuid():N}");

    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(_directory, "organization.db"),
        DefaultTimeout = 60,
        Pooling = false,
    }.ToString();

    protected override DbContextOptionsBuilder<OrganizationDbContext> UseProvider(DbContextOptionsBuilder<OrganizationDbContext> options) =>
        options.UseSqlite(ConnectionString);

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await using var context = CreateContext();
        await context.Database.EnsureCreatedAsync();

        // WAL persists in the file: readers no longer block the writer.
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
