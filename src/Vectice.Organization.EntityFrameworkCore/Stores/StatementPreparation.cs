using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Prepares the store's own statements on PostgreSQL, so that the server parses and plans each once
/// per pooled connection instead of on every execution (planning was half of a role change's time
/// there: benchmarks/results/write-profile.md). Npgsql keeps a prepared statement on its physical
/// connection across the pool's open and close; preparing a command whose statements already are
/// costs no round trip. Only commands that begin with <see cref="Tag"/> are prepared: the host's own
/// commands, and every provider but Npgsql (whose prepared statements do not outlive the command),
/// are left as they are.
/// </summary>
internal sealed class StatementPreparation : DbCommandInterceptor
{
    /// <summary>The comment that opens every command of the store's write path.</summary>
    public const string Tag = "Vectice.Organization";

    private const string TaggedPrefix = "-- " + Tag;

    private StatementPreparation()
    {
    }

    public static StatementPreparation Instance { get; } = new();

    /// <summary>
    /// Adds the interceptor to a context's options, unless they already name a provider other than
    /// Npgsql: adding it clones the options on every scope, for nothing where nothing is prepared.
    /// </summary>
    public static void AddTo(DbContextOptionsBuilder options)
    {
        if (options.Options.Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault() is not { } provider ||
            provider.GetType().Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true)
        {
            options.AddInterceptors(Instance);
        }
    }

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
        command.CommandText.StartsWith(TaggedPrefix, StringComparison.Ordinal) && eventData.Context is { } context && CommitStatements.For(context).IsNpgsql
            ? command.PrepareAsync(cancellationToken)
            : Task.CompletedTask;
}
