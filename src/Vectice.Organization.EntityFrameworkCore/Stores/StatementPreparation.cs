using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Prepares the store's own statements on PostgreSQL, so that the server parses and plans each once
/// per pooled connection instead of on every execution (planning was a third of a role change's time
/// there: benchmarks/results/write-profile.md). Npgsql keeps an explicitly prepared statement on its
/// physical connection across the pool's open and close; preparing a command whose statements already
/// are costs no round trip. Only the store's commands as the store wrote them are prepared: they begin
/// with the <see cref="Tag"/> line and hold no other comment (a host interceptor that appends a comment
/// per request, such as a trace id, would otherwise prepare a new statement on every request). The
/// host's own commands, other providers (SQLite compiles a statement per command anyway) and Npgsql's
/// multiplexing mode (which refuses explicit preparation) are left as they are.
/// </summary>
internal sealed class StatementPreparation : DbCommandInterceptor
{
    /// <summary>The comment that opens every command the store tags: its writes' lock, snapshot and commit, which access checks read too.</summary>
    public const string Tag = "Vectice.Organization";

    private const string TagComment = "-- " + Tag;

    // Per connection string: whether Npgsql multiplexes it (Multiplexing=true), where Prepare throws.
    private static readonly ConcurrentDictionary<string, bool> Multiplexed = new(StringComparer.Ordinal);

    private StatementPreparation()
    {
    }

    public static StatementPreparation Instance { get; } = new();

    /// <summary>
    /// Whether the interceptor belongs in a context's options: not there yet, and they name no provider
    /// other than Npgsql (adding it copies the options on every scope, for nothing where nothing is prepared).
    /// </summary>
    public static bool IsWanted(DbContextOptionsBuilder options)
    {
        // Runs for every scope's options (AddDbContext): no list, and the provider's assembly read by its cached full name, not GetName.
        RelationalOptionsExtension? provider = null;
        foreach (var extension in options.Options.Extensions)
        {
            if (extension is RelationalOptionsExtension relational)
            {
                provider = relational;
                break;
            }
        }

        return (provider is null || IsNpgsql(provider.GetType().Assembly))
            && options.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(Instance) != true;
    }

    private static bool IsNpgsql(Assembly assembly) =>
        assembly.FullName is { } name && name.StartsWith(Providers.Npgsql, StringComparison.Ordinal) && name.Length > Providers.Npgsql.Length && name[Providers.Npgsql.Length] == ',';

    /// <summary>Whether the interceptor would prepare <paramref name="commandText"/>: the store's tag line first, no other comment.</summary>
    public static bool IsStoreCommand(string commandText) =>
        commandText.StartsWith(TagComment, StringComparison.Ordinal) &&
        commandText.Length > TagComment.Length &&
        commandText[TagComment.Length] is '\n' or '\r' &&
        commandText.IndexOf("--", TagComment.Length, StringComparison.Ordinal) < 0 &&
        !commandText.Contains("/*", StringComparison.Ordinal);

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await PrepareAsync(command, eventData, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await PrepareAsync(command, eventData, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static Task PrepareAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken) =>
        eventData.Context is { } context && CommitStatements.For(context).IsNpgsql && IsStoreCommand(command.CommandText) && !IsMultiplexed(command.Connection)
            ? command.PrepareAsync(cancellationToken)
            : Task.CompletedTask;

    private static bool IsMultiplexed(DbConnection? connection) =>
        connection?.ConnectionString is { Length: > 0 } connectionString &&
        Multiplexed.GetOrAdd(connectionString, static text =>
            new DbConnectionStringBuilder { ConnectionString = text }.TryGetValue("Multiplexing", out var value) &&
            bool.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var multiplexing) &&
            multiplexing);
}
