namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server the tests use, from the environment. Without it the PostgreSQL tests
/// skip with a reason, except on CI (<c>CI=true</c>), where a missing server fails them.
/// </summary>
public static class PostgresServer
{
    /// <summary>A connection string whose role may create databases.</summary>
    public const string ConnectionStringVariable = ThrowawayDatabase.ServerVariable;

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
}
