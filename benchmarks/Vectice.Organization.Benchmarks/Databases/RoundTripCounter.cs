using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>Counts what reaches the database: commands executed (and their texts) and transactions committed.</summary>
internal sealed class RoundTripCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly List<string> _texts = [];

    public int Commands { get; private set; }

    public int Commits { get; private set; }

    /// <summary>The <see cref="Commits"/> that were the last statement of a command: no round trip of their own.</summary>
    public int CommitsInCommands { get; private set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);

        // The store's commit on PostgreSQL ends its transaction with COMMIT in the same command.
        if (SqlStatements.Commits(command.CommandText))
        {
            (Commits, CommitsInCommands) = (Commits + 1, CommitsInCommands + 1);
        }

        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Commits++;
        return ValueTask.FromResult(result);
    }

    /// <summary>What was counted since the last <see cref="Reset"/>.</summary>
    public (int Commands, int Commits, int CommitsInCommands) Last => (Commands, Commits, CommitsInCommands);

    /// <summary>The text of each command counted since the last <see cref="Reset"/>, in order.</summary>
    public IReadOnlyList<string> Texts => _texts;

    /// <summary>The error of a contestant asked for round trips it was not built to count.</summary>
    public static InvalidOperationException NotCounting() => new("This contestant counts nothing: build it with countRoundTrips to count its round trips.");

    private void Count(DbCommand command)
    {
        Commands++;
        _texts.Add(command.CommandText);
    }

    public void Reset()
    {
        (Commands, Commits, CommitsInCommands) = (0, 0, 0);
        _texts.Clear();
    }
}
