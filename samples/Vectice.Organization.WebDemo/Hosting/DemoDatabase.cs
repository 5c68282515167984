using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>The database the demo runs on, from <c>Organization:Provider</c>.</summary>
internal enum DemoDatabaseProvider
{
    /// <summary>A SQLite file (the default), with the polling change feed.</summary>
    Sqlite,

    /// <summary>PostgreSQL, with the LISTEN/NOTIFY change feed.</summary>
    PostgreSql,
}

/// <summary>Creates the database at first start and seeds the demo organization once.</summary>
internal static class DemoDatabase
{
    /// <summary>The setting that chooses the database: <c>Sqlite</c> (the default) or <c>PostgreSql</c>.</summary>
    public const string ProviderSetting = "Organization:Provider";

    /// <summary>A key of PostgreSQL's advisory locks, held while one process creates and seeds the database.</summary>
    private const long SeedLock = 0x5665637469636501;

    public static DemoDatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration[ProviderSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DemoDatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DemoDatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderSetting} is '{value}'; it must be {nameof(DemoDatabaseProvider.Sqlite)} or {nameof(DemoDatabaseProvider.PostgreSql)}.");
    }

    public static async Task EnsureSeededAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
        if (!context.Database.IsNpgsql())
        {
            if (await context.Database.EnsureCreatedAsync(cancellationToken))
            {
                // WAL lets page reads go on while a confirm commits.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await SeedAsync(scope.ServiceProvider, cancellationToken);
            return;
        }

        // Several demo processes may start on one PostgreSQL database at once: the database is created
        // if missing (one CREATE wins), then each creates the tables and seeds under one advisory lock,
        // on the connection every step below uses, so the first does it and the others find it done.
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it first.
            }
        }

        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({SeedLock})", cancellationToken);
            try
            {
                await context.Database.EnsureCreatedAsync(cancellationToken);
                await SeedAsync(scope.ServiceProvider, cancellationToken);
            }
            finally
            {
                // Released here: a pooled connection, closed, keeps its session (and the lock) open.
                await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({SeedLock})", CancellationToken.None);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // The founder is never removed: an organization they are not found in is not seeded yet.
        var founder = DemoPeople.All[0].User;
        var found = await services.GetRequiredService<OrganizationDirectory>().FindOrganizationAsync(founder.Id, DemoPeople.Organization, cancellationToken);
        if (found.Refusal is not OrganizationNotFound)
        {
            return; // Seeded at an earlier start, or by another process.
        }

        var provisioning = services.GetRequiredService<ProvisioningService>();
        var created = await provisioning.CreateOrganizationAsync(DemoPeople.Organization, "Acme Corp", founder, cancellationToken: cancellationToken);
        if (!created.IsSuccess)
        {
            return; // Seeded meanwhile by another process.
        }

        foreach (var (user, role) in DemoPeople.All.Skip(1))
        {
            await provisioning.AddMemberAsync(founder.Id, DemoPeople.Organization, user, role, cancellationToken);
        }
    }
}
