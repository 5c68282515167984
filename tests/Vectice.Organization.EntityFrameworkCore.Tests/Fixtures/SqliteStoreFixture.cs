using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>The EF Core store on a SQLite file in WAL mode; each scope has its own context and connection.</summary>
public sealed class SqliteStoreFixture : StoreFixture, IContextFactory
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"vectice-sqlite-{Guid.NewGuid():N}");

    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(_directory, "organization.db"),
        DefaultTimeout = 60,
        Pooling = false,
    }.ToString();

    public OrganizationDbContext CreateContext(params IInterceptor[] interceptors) =>
        new(new DbContextOptionsBuilder<OrganizationDbContext>().UseSqlite(ConnectionString).AddInterceptors(interceptors).Options);

    public override StoreScope OpenScope()
    {
        var context = CreateContext();
        return new StoreScope(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), context);
    }

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
