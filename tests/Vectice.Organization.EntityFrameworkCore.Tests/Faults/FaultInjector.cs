using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>Where a commit is made to fail.</summary>
public enum FaultPoint
{
    /// <summary>Before SaveChanges sends anything.</summary>
    BeforeSaving,

    /// <summary>After the database ran the batch, before the transaction commits.</summary>
    AfterCommandsBeforeCommit,

    /// <summary>After the database committed, before SaveChanges returns.</summary>
    AfterCommit,
}

/// <summary>Throws <see cref="InjectedFaultException"/> once, at <see cref="FaultPoint"/>.</summary>
public sealed class FaultInjector(FaultPoint point) : ISaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private int _armed = 1;

    public bool Fired => Volatile.Read(ref _armed) == 0;

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Fire(FaultPoint.BeforeSaving);
        return ValueTask.FromResult(result);
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Fire(FaultPoint.AfterCommandsBeforeCommit);
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Fire(FaultPoint.AfterCommandsBeforeCommit);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Fire(FaultPoint.AfterCommit);
        return Task.CompletedTask;
    }

    private void Fire(FaultPoint at)
    {
        if (at == point && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            throw new InjectedFaultException(at);
        }
    }
}

public sealed class InjectedFaultException(FaultPoint point) : Exception($"Fault injected {point}.");
