using Npgsql;

namespace Vectice.Organization.Benchmarks.Shared;

/// <summary>Creates and drops the benchmarks' throw-away PostgreSQL databases.</summary>
internal static class PostgresAdmin
{
    public static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static void DropDatabase(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Execute(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // PostgreSQL 15 lets only superusers and members of pg_signal_backend FORCE out an autovacuum
            // worker, which a busy benchmark database may have at the end; a plain DROP stops autovacuum itself.
            Execute(server, $"DROP DATABASE IF EXISTS \"{database}\"");
        }
    }
}
