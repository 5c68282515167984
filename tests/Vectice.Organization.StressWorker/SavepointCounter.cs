using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vectice.Organization.StressWorker;

/// <summary>
/// Counts the savepoints the SDK's writes take: the worker has no transaction of its own, so each is a write that
/// joined another's transaction (a group commit), which the multi-process test asserts happened.
/// </summary>
internal sealed class SavepointCounter : DbTransactionInterceptor
{
    private int _count;

    public static SavepointCounter Instance { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public override ValueTask<InterceptionResult> CreatingSavepointAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }
}
