using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore.Entities;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The SDK's tables without migrations: the SQL that creates them, and upgrades them between releases,
/// on SQLite and PostgreSQL, as this package carries it; and <see cref="EnsureCreatedAsync"/>, which creates
/// them in a database that lacks them. The scripts are for the default table prefix and schema. A host whose
/// own context holds the tables (<see cref="VecticeOrganizationModelBuilderExtensions.AddVecticeOrganization"/>)
/// and that uses EF Core migrations creates and upgrades them with its migrations instead.
/// </summary>
public static class OrganizationSchema
{
    // The scripts' file names (Scripts/*.sql, embedded under the same name), by the EF Core provider they are
    // written for; a provider's upgrades in the order of the releases that brought them.
    private static readonly Dictionary<string, (string Script, string[] Upgrades)> Scripts = new(StringComparer.Ordinal)
    {
        [Providers.Sqlite] = ("sqlite", ["add-four-eyes-columns"]),
        [Providers.Npgsql] = ("postgresql", ["add-four-eyes-columns", "member-order"]),
    };

    /// <summary>The script that creates the SDK's tables and indexes, with the default table prefix and no schema.</summary>
    /// <param name="providerName">
    /// The EF Core provider, as <see cref="Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade.ProviderName"/> (or a
    /// migration's <c>ActiveProvider</c>) names it: <c>Microsoft.EntityFrameworkCore.Sqlite</c> or <c>Npgsql.EntityFrameworkCore.PostgreSQL</c>.
    /// </param>
    /// <returns>The SQL, to run as one command on an empty database (or one without the SDK's tables).</returns>
    /// <exception cref="ArgumentException">No script is written for <paramref name="providerName"/>.</exception>
    public static string GetCreateScript(string providerName) => Read(Find(providerName, nameof(providerName)).Script);

    /// <summary>
    /// The scripts that upgrade a database made by an earlier release's create script, in the order to run
    /// them. Run those that the changelog lists for the releases you skipped, once each.
    /// </summary>
    /// <param name="providerName">The EF Core provider, named as for <see cref="GetCreateScript"/>.</param>
    /// <returns>The upgrade scripts, oldest first.</returns>
    /// <exception cref="ArgumentException">No script is written for <paramref name="providerName"/>.</exception>
    public static IReadOnlyList<OrganizationSchemaScript> GetUpgradeScripts(string providerName)
    {
        var (script, upgrades) = Find(providerName, nameof(providerName));
        return [.. upgrades.Select(name => new OrganizationSchemaScript(name, Read($"{script}.{name}")))];
    }

    /// <summary>
    /// Creates the SDK's tables in the context's database from <see cref="GetCreateScript"/>, unless they are
    /// there already: it does nothing to a database that has all four, whatever their release (upgrades are
    /// <see cref="GetUpgradeScripts"/>). It checks and creates in one transaction of its own, which other
    /// callers wait for, so that instances of an application starting together create the tables once.
    /// </summary>
    /// <param name="context">
    /// A context on SQLite or PostgreSQL whose model holds the SDK's tables with the default prefix and schema:
    /// <see cref="OrganizationDbContext"/>, or a context of yours that calls
    /// <see cref="VecticeOrganizationModelBuilderExtensions.AddVecticeOrganization"/> without options.
    /// </param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns><see langword="true"/> if it created the tables; <see langword="false"/> if they were there.</returns>
    /// <exception cref="ArgumentException">The context's provider is neither SQLite nor PostgreSQL.</exception>
    /// <exception cref="InvalidOperationException">
    /// Through the task: the context's model does not hold the SDK's tables, or holds them under another prefix or
    /// schema than the script's; the context is in a transaction already; or the database has some of the SDK's
    /// tables but not all.
    /// </exception>
    public static Task<bool> EnsureCreatedAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (script, _) = Find(context.Database.ProviderName ?? string.Empty, nameof(context));
        return EnsureCreatedCoreAsync(context, script, cancellationToken);
    }

    private static async Task<bool> EnsureCreatedCoreAsync(DbContext context, string script, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tables = ScriptTables(context);
        if (context.Database.CurrentTransaction is not null)
        {
            // Its own transaction is what makes instances starting together create the tables once.
            throw new InvalidOperationException(
                $"{context.GetType().Name} is in a transaction: EnsureCreatedAsync checks and creates the tables in a transaction of its own. Call it before opening one.");
        }

        return await context.Database.CreateExecutionStrategy().ExecuteAsync(
            (Context: context, Script: Read(script), Tables: tables),
            static (_, s, ct) => CreateAsync(s.Context, s.Script, s.Tables, ct),
            verifySucceeded: null,
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> CreateAsync(DbContext context, string script, string[] tables, CancellationToken cancellationToken)
    {
        var database = context.Database;
        var npgsql = database.ProviderName == Providers.Npgsql;

        // On SQLite the transaction (BEGIN IMMEDIATE) holds the database's write lock; PostgreSQL needs a lock of its own.
        var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (npgsql)
            {
                await database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('Vectice.Organization schema'))", cancellationToken).ConfigureAwait(false);
            }

            // The same unqualified names the script creates: PostgreSQL resolves both through the search path.
            var missing = new List<string>();
            foreach (var table in tables)
            {
                var quoted = $"\"{table}\"";
                var exists = npgsql
                    ? database.SqlQuery<bool>($"SELECT to_regclass({quoted}) IS NOT NULL AS \"Value\"")
                    : database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {table}) AS \"Value\"");
                if (!await exists.SingleAsync(cancellationToken).ConfigureAwait(false))
                {
                    missing.Add(table);
                }
            }

            if (missing.Count == 0)
            {
                return false;
            }

            if (missing.Count < tables.Length)
            {
                // Neither "they are there" nor a database the script can run on: say so rather than answer false or fail half-way.
                throw new InvalidOperationException(
                    $"The database has some of the Vectice.Organization tables but not {string.Join(", ", missing)}: "
                    + "EnsureCreatedAsync creates them only in a database that has none of them. Restore the missing tables, or drop the others, and call it again.");
            }

            await database.ExecuteSqlRawAsync(script, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    // The tables the create script makes, if the context's model maps the SDK's tables to the script's.
    private static string[] ScriptTables(DbContext context)
    {
        var entity = context.Model.FindEntityType(typeof(OrganizationRow))
            ?? throw new InvalidOperationException(
                $"{context.GetType().Name}'s model has no Vectice.Organization tables: call modelBuilder.AddVecticeOrganization() in its OnModelCreating, or use OrganizationDbContext.");
        var prefix = new VecticeOrganizationModelOptions().TablePrefix;
        var table = prefix + "Organizations";
        if (entity.GetTableName() != table || entity.GetSchema() is not null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} maps the Vectice.Organization tables to {entity.GetSchema()}{(entity.GetSchema() is null ? "" : ".")}{entity.GetTableName()} and the like, "
                + $"but the create script makes {table} and the like, with no schema: create them with your migrations (dotnet ef migrations add) instead.");
        }

        return [table, prefix + "Memberships", prefix + "PendingChanges", prefix + "AuditEntries"];
    }

    private static (string Script, string[] Upgrades) Find(string providerName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(providerName, parameterName);
        return Scripts.TryGetValue(providerName, out var scripts) ? scripts : throw new ArgumentException(
            $"The SDK has no scripts for the EF Core provider '{providerName}', only for {Providers.Sqlite} and {Providers.Npgsql}. "
            + "Elsewhere, create its tables with migrations of a context that calls modelBuilder.AddVecticeOrganization().",
            parameterName);
    }

    private static string Read(string script)
    {
        var assembly = typeof(OrganizationSchema).Assembly;
        var resource = $"Vectice.Organization.EntityFrameworkCore.Scripts.{script}.sql";
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} lacks its resource {resource}: the package is incomplete.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
