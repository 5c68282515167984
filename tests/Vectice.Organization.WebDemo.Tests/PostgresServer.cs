using Npgsql;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// The PostgreSQL server the tests use, from the environment, by the Entity Framework Core tests' rule:
/// without it the PostgreSQL tests skip with a reason, except on CI (<c>CI=true</c>), where a missing
/// server fails them.
/// </summary>
public static class PostgresServer
{
    /// <summary>A connection string whose role may create databases.</summary>
    public const string ConnectionStringVariable = "VECTICE_TEST_POSTGRES";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(ConnectionStringVariable);

    public static string? SkipReason
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(ConnectionString))
            {
                return null;
            }

            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {ConnectionStringVariable} is not set: the PostgreSQL tests must run on CI, not skip.");
            }

            return $"No PostgreSQL server configured: set {ConnectionStringVariable} (a role that may create databases) to run these tests.";
        }
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a test database, whoever is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // PostgreSQL 15 lets only superusers and members of pg_signal_backend FORCE out an autovacuum
            // worker, which a busy test database may have at the end; a plain DROP stops autovacuum itself.
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\"");
        }
    }
}
