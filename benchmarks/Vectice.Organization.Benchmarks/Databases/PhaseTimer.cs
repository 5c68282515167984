using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>Adds up the time the database took per kind of statement, and per COMMIT, as EF Core reports it.</summary>
internal sealed class PhaseTimer : DbCommandInterceptor, IDbTransactionInterceptor
{
    public Dictionary<string, double> Milliseconds { get; } = [];

    public void Reset() => Milliseconds.Clear();

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add(Kind(command.CommandText), eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(Kind(command.CommandText), eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add("COMMIT", eventData.Duration);
        return Task.CompletedTask;
    }

    // Past the store's tag line (-- Vectice.Organization), if any.
    private static string Kind(string sql) => KindOf(sql.StartsWith("--", StringComparison.Ordinal) && sql.IndexOf('\n', StringComparison.Ordinal) is > 0 and var end ? sql[end..].TrimStart() : sql);

    private static string KindOf(string sql) =>
        sql.Contains("FOR NO KEY UPDATE", StringComparison.Ordinal)
            ? sql.Contains("\nFROM", StringComparison.Ordinal) ? "lock and snapshot (one command)" : "lock (SELECT … FOR NO KEY UPDATE)"
        : sql.StartsWith("PRAGMA", StringComparison.Ordinal) ? "PRAGMA busy_timeout"
        : sql.StartsWith("SELECT", StringComparison.Ordinal) ? "snapshot (one SELECT)"
        : SqlStatements.Commits(sql) ? "commit's statements and COMMIT (one command)"
        : "commit's statements (one command)";

    private void Add(string kind, TimeSpan duration) => Milliseconds[kind] = Milliseconds.GetValueOrDefault(kind) + duration.TotalMilliseconds;
}
