using Microsoft.Data.Sqlite;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// The store's writers of one process queue for a SQLite file at one gate per file, however the
/// connection string names it; an in-memory database has none. The queue itself is the kit's
/// (<c>SqliteConcurrency</c>: a waiting writer cancelled, writes to different organizations).
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vectice-gate-").FullName;

    [Fact]
    public void Connections_to_one_file_share_a_gate_and_another_file_has_its_own()
    {
        var file = Path.Combine(_directory, "one.db");
        using var absolute = Open(file);
        using var relative = Open(Path.GetRelativePath(Environment.CurrentDirectory, file));
        using var other = Open(Path.Combine(_directory, "other.db"));

        var gate = SqliteWriteGate.For(absolute);
        Assert.NotNull(gate);
        Assert.Same(gate, SqliteWriteGate.For(relative));
        Assert.NotSame(gate, SqliteWriteGate.For(other));
    }

    [Fact]
    public void An_in_memory_database_has_no_gate()
    {
        using var memory = Open(":memory:");
        Assert.Null(SqliteWriteGate.For(memory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static SqliteConnection Open(string dataSource)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
