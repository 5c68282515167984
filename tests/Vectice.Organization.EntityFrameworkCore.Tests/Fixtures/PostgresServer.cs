namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server the tests use, from the environment. Without it the PostgreSQL tests
/// skip with a reason, except on CI (<c>CI=true</c>), where a missing server fails them.
/// </summary>
public static class PostgresServer
{
    /// <summary>A connection string whose role may create databases (<see cref="ThrowawayDatabase.ServerVariable"/>).</summary>
    public static string? ConnectionString { get; } = ThrowawayDatabase.Server;

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
                throw new InvalidOperationException($"CI=true but {ThrowawayDatabase.ServerVariable} is not set: the PostgreSQL tests must run on CI, not skip.");
            }

            return $"No PostgreSQL server configured: set {ThrowawayDatabase.ServerVariable} (a role that may create databases) to run these tests.";
        }
    }
}
