using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>Counts what reaches the database: commands executed and transactions committed.</summary>
internal sealed class RoundTripCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    public int Commands { get; private set; }

    public int Commits { get; private set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Commands++;
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Commands++;
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Commands++;
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Commits++;
        return ValueTask.FromResult(result);
    }

    public void Reset() => (Commands, Commits) = (0, 0);
}
