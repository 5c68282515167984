using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vectice.Organization.Benchmarks.Shared;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Contention;

/// <summary>A fresh database per run: a SQLite file in WAL mode, or a PostgreSQL database.</summary>
internal sealed class ContentionDatabase(string name, Func<string, string> create, Action<DbContextOptionsBuilder, string> use, Action<string> drop)
{
    public string Name { get; } = name;

    public static ContentionDatabase Sqlite() => new(
        "SQLite",
        _ => new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetTempPath(), $"vectice-contention-{Guid.NewGuid():N}.db"), DefaultTimeout = 120 }.ToString(),
        (o, cs) => o.UseSqlite(cs),
        cs =>
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(cs).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        });

    public static ContentionDatabase Postgres(string server) => new(
        "PostgreSQL",
        _ =>
        {
            var database = $"vectice_contention_{Guid.NewGuid():N}";
            PostgresAdmin.Execute(server, $"CREATE DATABASE \"{database}\"");
            return new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
        },
        (o, cs) => o.UseNpgsql(cs),
        cs => PostgresAdmin.DropDatabase(server, new NpgsqlConnectionStringBuilder(cs).Database!));

    public async Task<string> CreateAsync()
    {
        var connectionString = create(Name);
        await using var context = Context(connectionString);
        await context.Database.EnsureCreatedAsync();
        if (Name == "SQLite")
        {
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        return connectionString;
    }

    public OrganizationDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<OrganizationDbContext>();
        use(options, connectionString);
        return new OrganizationDbContext(options.Options);
    }

    public void Drop(string connectionString) => drop(connectionString);

}
