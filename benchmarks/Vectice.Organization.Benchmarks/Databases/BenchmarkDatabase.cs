using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>One database per contestant, all of one kind and with the same settings.</summary>
internal abstract class BenchmarkDatabase : IDisposable
{
    /// <summary>The PostgreSQL server, as the tests name it: a role that may create databases.</summary>
    public static string? PostgresConnectionString => ThrowawayDatabase.Server;

    /// <summary>The floor's audit table key, in this database's dialect.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>
    /// Whether a transaction's writes and its COMMIT go as one command, as the SDK sends them on
    /// PostgreSQL, where a command is a round trip; on SQLite a command is a call into the engine.
    /// </summary>
    public abstract bool CommitsInCommand { get; }

    /// <summary>What locks the organization's row for the transaction, appended to its SELECT: PostgreSQL's row lock; nothing on SQLite, whose transactions begin IMMEDIATE.</summary>
    public abstract string RowLock { get; }

    public static BenchmarkDatabase Sqlite(string name) => new SqliteDatabase(name);

    /// <summary>SQLite, and PostgreSQL when a server is configured (with its Max Auto Prepare variant if asked), by name.</summary>
    public static List<(string Name, Func<string, BenchmarkDatabase> Create)> Available(bool withAutoPrepare = false)
    {
        var databases = new List<(string Name, Func<string, BenchmarkDatabase> Create)> { ("SQLite", Sqlite) };
        if (PostgresConnectionString is not null)
        {
            databases.Add(("PostgreSQL", Postgres));
            if (withAutoPrepare)
            {
                databases.Add(("PostgreSQL, Max Auto Prepare=20", PostgresPrepared));
            }
        }

        return databases;
    }

    public static BenchmarkDatabase Postgres(string name) => new PostgresDatabase(name, autoPrepare: false);

    /// <summary>PostgreSQL with Npgsql's automatic preparation, so that each statement is planned once per connection.</summary>
    public static BenchmarkDatabase PostgresPrepared(string name) => new PostgresDatabase(name, autoPrepare: true);

    public DbContextOptionsBuilder<TContext> Use<TContext>(DbContextOptionsBuilder<TContext> options)
        where TContext : DbContext
    {
        Use((DbContextOptionsBuilder)options);
        return options;
    }

    public abstract DbContextOptionsBuilder Use(DbContextOptionsBuilder options);

    public abstract DbConnection OpenConnection();

    /// <summary>
    /// Gathers the planner's statistics, so that every contestant has them as a host's database would
    /// (PostgreSQL's autovacuum analyzes a table once 50 rows and a tenth of it have changed, within a
    /// minute, and a prepared statement is planned again when they change); SQLite has no such daemon, so
    /// nothing there.
    /// </summary>
    public virtual void Analyze()
    {
    }

    public abstract void Dispose();

    /// <summary>A SQLite file in WAL mode with SQLite's default <c>synchronous=FULL</c>.</summary>
    private sealed class SqliteDatabase : BenchmarkDatabase
    {
        private readonly string _file;

        public SqliteDatabase(string name)
        {
            _file = Path.Combine(Path.GetTempPath(), $"vectice-bench-{name}-{Guid.NewGuid():N}.db");
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = _file }.ToString();
            using var connection = OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

        public override bool CommitsInCommand => false;

        public override string RowLock => "";

        // Built once: a builder costs microseconds, which a benchmark opening a connection per operation would count.
        private string ConnectionString { get; }

        public override DbContextOptionsBuilder Use(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

        public override DbConnection OpenConnection()
        {
            var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            return connection;
        }

        public override void Dispose()
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>A database of its own on the configured server, at its default settings.</summary>
    private sealed class PostgresDatabase : BenchmarkDatabase
    {
        private readonly string _created;

        public PostgresDatabase(string name, bool autoPrepare)
        {
            _created = ThrowawayDatabase.Create(PostgresConnectionString!, $"vectice_bench_{name}".ToLowerInvariant());
            var builder = new NpgsqlConnectionStringBuilder(_created);
            if (autoPrepare)
            {
                builder.MaxAutoPrepare = 20;
            }

            // Otherwise as a host writes it: the server's string with its own database, Npgsql's defaults.
            ConnectionString = builder.ToString();
        }

        public override string IdentityColumn => "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";

        public override bool CommitsInCommand => true;

        public override string RowLock => " FOR NO KEY UPDATE";

        // Built once: Npgsql's builder costs ~20 µs and ~7 KB, which a benchmark opening a connection per operation would count.
        private string ConnectionString { get; }

        public override DbContextOptionsBuilder Use(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

        public override DbConnection OpenConnection()
        {
            var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            return connection;
        }

        public override void Analyze()
        {
            using var connection = OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "ANALYZE";
            command.ExecuteNonQuery();
        }

        public override void Dispose() => ThrowawayDatabase.Drop(PostgresConnectionString!, _created);
    }
}
