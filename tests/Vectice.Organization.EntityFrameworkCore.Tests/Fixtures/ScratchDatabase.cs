using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>An empty database of its own for one test, dropped after it: a SQLite file, or a PostgreSQL database.</summary>
public static class ScratchDatabase
{
    /// <summary>Runs <paramref name="test"/> on an empty database of <paramref name="provider"/> (<c>sqlite</c> or <c>postgresql</c>).</summary>
    public static Task RunAsync(string provider, Func<DbContextOptions<OrganizationDbContext>, Task> test) =>
        provider == "sqlite" ? RunOnSqliteAsync(test) : RunOnPostgresAsync(test);

    private static async Task RunOnSqliteAsync(Func<DbContextOptions<OrganizationDbContext>, Task> test)
    {
        var file = Path.Combine(Path.GetTempPath(), $"vectice-scratch-{Guid.NewGuid():N}.db");
        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
            await test(new DbContextOptionsBuilder<OrganizationDbContext>().UseSqlite(connectionString).Options);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static async Task RunOnPostgresAsync(Func<DbContextOptions<OrganizationDbContext>, Task> test)
    {
        var connectionString = ThrowawayDatabase.Create(PostgresServer.ConnectionString!, "vectice_scratch");
        try
        {
            await test(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(connectionString).Options);
        }
        finally
        {
            ThrowawayDatabase.Drop(PostgresServer.ConnectionString!, connectionString);
        }
    }
}
