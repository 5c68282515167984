using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// Throws once at a <see cref="FaultPoint"/> (an <see cref="InjectedFaultException"/>, or what
/// <c>fault</c> makes), and counts the write statements the database ran and the COMMITs attempted,
/// so that a test can check that the fault came after all of a commit's writes. Without a point it
/// only counts.
/// </summary>
public sealed class FaultInjector(FaultPoint? point, Func<Exception>? fault = null) : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly string[] WriteVerbs = ["INSERT", "UPDATE", "DELETE"];

    private bool _armed = point is not null;

    public bool Fired { get; private set; }

    /// <summary>Write statements (INSERT, UPDATE, DELETE) the database ran so far.</summary>
    public int Writes { get; private set; }

    /// <summary><see cref="Writes"/> when the fault fired.</summary>
    public int WritesBeforeFault { get; private set; }

    /// <summary>How many times a transaction was about to commit.</summary>
    public int CommitsAttempted { get; private set; }

    /// <summary>Once fired, fail every command too (a database that stays unreachable).</summary>
    public bool FailCommandsAfterFiring { get; init; }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        FailIfUnreachable();
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        FailIfUnreachable();
        if (WriteStatements(command) > 0)
        {
            Fire(FaultPoint.BeforeWrites);
        }

        if (SqlStatements.Commits(command.CommandText))
        {
            // COMMIT sent with the writes (PostgreSQL): as COMMIT is about to be sent, so are they. Failing here, the
            // server runs none of them, which is what it does with writes whose COMMIT never comes. (The writes run
            // and COMMIT lost is PostgresCommitOutcome's: its proxy drops the connection at COMMIT itself.)
            Count(command);
            CommitsAttempted++;
            Fire(FaultPoint.AfterWritesBeforeCommit);
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (SqlStatements.Commits(command.CommandText))
        {
            Fire(FaultPoint.AfterCommit);
        }
        else
        {
            Count(command);
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        CommitsAttempted++;
        Fire(FaultPoint.AfterWritesBeforeCommit);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Fire(FaultPoint.AfterCommit);
        return Task.CompletedTask;
    }

    // EF sends a commit's statements as one command on some providers: count statements, not commands.
    private void Count(DbCommand command) => Writes += WriteStatements(command);

    private static int WriteStatements(DbCommand command) =>
        SqlStatements.Of(command.CommandText).Select(SqlStatements.Unchecked).Count(s => WriteVerbs.Any(v => s.StartsWith(v, StringComparison.OrdinalIgnoreCase)));

    private void FailIfUnreachable()
    {
        if (Fired && FailCommandsAfterFiring)
        {
            throw fault?.Invoke() ?? new InjectedFaultException(point!.Value);
        }
    }

    private void Fire(FaultPoint at)
    {
        if (at == point && _armed)
        {
            (_armed, Fired, WritesBeforeFault) = (false, true, Writes);
            throw fault?.Invoke() ?? new InjectedFaultException(at);
        }
    }
}
