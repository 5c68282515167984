using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Contention;

/// <summary>
/// A store and its steps (how many writers): a fresh database per step, a SQLite file in WAL mode
/// or a PostgreSQL database, on the connection string as a host writes it.
/// </summary>
internal sealed class ContentionDatabase(string name, int[] steps, Func<string> create, Action<DbContextOptionsBuilder, string> use, Action<string> drop)
{
    public string Name { get; } = name;

    public IReadOnlyList<int> Steps { get; } = steps;

    public static ContentionDatabase Sqlite() => new(
        "SQLite",
        [1, 8],
        () =>
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetTempPath(), $"vectice-contention-{Guid.NewGuid():N}.db") }.ToString();

            // WAL is a property of the file: set once, every later connection uses it.
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
            return connectionString;
        },
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
        [1, 8, 32],
        () => ThrowawayDatabase.Create(server, "vectice_contention"),
        (o, cs) => o.UseNpgsql(cs),
        cs => ThrowawayDatabase.Drop(server, cs));

    /// <returns>The new database's connection string.</returns>
    public string Create() => create();

    public void Use(DbContextOptionsBuilder options, string connectionString) => use(options, connectionString);

    public void Drop(string connectionString) => drop(connectionString);
}
