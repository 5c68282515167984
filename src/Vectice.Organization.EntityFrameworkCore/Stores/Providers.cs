namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>The EF Core providers whose transactions the store treats apart.</summary>
internal static class Providers
{
    public const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
}
