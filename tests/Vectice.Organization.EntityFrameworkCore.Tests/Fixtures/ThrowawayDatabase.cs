using Npgsql;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// PostgreSQL databases that live for one test or one benchmark run: each created empty under a fresh
/// name, and dropped after, whoever is still connected. The one place that creates and drops them:
/// the tests' fixtures, the web demo's two-process test and the benchmarks (which link this file) use it.
/// </summary>
public static class ThrowawayDatabase
{
    /// <summary>The environment variable that names the server, for the tests and the benchmarks: a connection string whose role may create databases.</summary>
    public const string ServerVariable = "VECTICE_TEST_POSTGRES";

    /// <summary>The server <see cref="ServerVariable"/> names, or <see langword="null"/> when it is unset or empty.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Creates an empty database named <paramref name="prefix"/>, an underscore and a fresh GUID.</summary>
    /// <param name="server">A connection string to the server, as a role that may create databases.</param>
    /// <param name="prefix">The start of the name: lower-case letters, digits and underscores.</param>
    /// <param name="options">What <c>CREATE DATABASE</c> takes after the name (a template, a locale), or nothing.</param>
    /// <returns><paramref name="server"/>'s connection string, on the new database.</returns>
    public static string Create(string server, string prefix, string options = "")
    {
        var database = $"{prefix}_{Guid.NewGuid():N}";
        Execute(server, $"CREATE DATABASE \"{database}\" {options}");
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
    }

    /// <summary>Drops the database that <paramref name="connectionString"/> names, connecting through <paramref name="server"/>.</summary>
    /// <param name="server">The connection string <see cref="Create"/> was given.</param>
    /// <param name="connectionString">The connection string <see cref="Create"/> returned.</param>
    public static void Drop(string server, string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;

        // This connection string's pool only. Clearing every pool would close, under the tests running beside
        // this one, the physical connections whose prepared statements and kept plans they inspect.
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        try
        {
            Execute(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // PostgreSQL 15 lets only superusers and members of pg_signal_backend FORCE out an autovacuum
            // worker, which a busy database may have at the end; a plain DROP stops autovacuum itself, once
            // the role's own sessions there (pools of other connection strings) have ended.
            Execute(server, $"SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '{database}' AND usename = current_user AND pid <> pg_backend_pid()");
            Execute(server, $"DROP DATABASE IF EXISTS \"{database}\"");
        }
    }

    private static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
