using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// Fails the first command whose text matches, as a connection lost before it reached the server would
/// (a transient Npgsql error, which a retrying execution strategy retries), and counts the matching ones.
/// </summary>
internal sealed class FailFirstCommand(Func<string, bool> matches) : DbCommandInterceptor
{
    private int _seen;

    /// <summary>Matching commands so far, the failed one included.</summary>
    public int Seen => Volatile.Read(ref _seen);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        FailIfFirst(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        FailIfFirst(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void FailIfFirst(DbCommand command)
    {
        if (matches(command.CommandText) && Interlocked.Increment(ref _seen) == 1)
        {
            throw new NpgsqlException("Injected: the connection was lost.", new IOException("lost"));
        }
    }
}
