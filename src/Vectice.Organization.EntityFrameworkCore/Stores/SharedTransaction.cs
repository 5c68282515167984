using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// A transaction of the store's own that the writers of one turn write in one after another (a group commit):
/// a writer whose commit finds another waiting for the turn sends its statements without COMMIT and hands the
/// turn on with this transaction, on the connection of the context that began it; the last commits them all
/// at once: a COMMIT waits for the disk, and each writer of the group waits for the one COMMIT instead of holding
/// the turn through its own (benchmarks/results/contention.md, twenty-third round). Every writer of the group learns the
/// transaction's end from <see cref="Ended"/>, and none answers before it.
/// </summary>
/// <param name="context">The context that began the transaction.</param>
/// <param name="transaction">The transaction.</param>
/// <param name="connectionString">
/// The context's connection string as it was before the write opened its connection: once opened, even after it
/// closes, an Npgsql connection of the context's own reports its string without the password (and in Npgsql's own
/// form), where another context's connection not opened yet reports it as written.
/// </param>
internal sealed class SharedTransaction(DbContext context, IDbContextTransaction transaction, string? connectionString)
{
    /// <summary>The most writes one transaction takes before it commits: a write waits for the COMMIT of the group it joins.</summary>
    public const int MaxWrites = 16;

    /// <summary>The <see cref="AppContext"/> switch that turns group commits off (docs/entity-framework-core.md), read at each write.</summary>
    public const string DisableSwitch = "Vectice.Organization.EntityFrameworkCore.DisableGroupCommit";

    private readonly TaskCompletionSource<TransactionEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _joined;

    /// <summary>The context that began the transaction: the group's statements run on its connection.</summary>
    public DbContext Context { get; } = context;

    public IDbContextTransaction Transaction { get; } = transaction;

    /// <summary>How the transaction ended, once it has.</summary>
    public Task<TransactionEnd> Ended => _ended.Task;

    /// <summary>Whether another writer may join it (each that joined counts, whether it commits or not: it holds the group up).</summary>
    public bool TakesMore => _joined < MaxWrites - 1;

    /// <summary>
    /// Whether a write on <paramref name="other"/>'s store may run on <see cref="Context"/>: one of the same type and model,
    /// whose connection string is the same as the context's before it opened (a schema, role, user or password of its
    /// own would otherwise be the first writer's).
    /// </summary>
    public bool Serves(DbContext other) =>
        other.GetType() == Context.GetType()
        && ReferenceEquals(other.Model, Context.Model)
        && string.Equals(other.Database.GetConnectionString(), connectionString, StringComparison.Ordinal);

    /// <summary>Tells every writer of the group how the transaction ended.</summary>
    public void End(TransactionEnd end) => _ended.TrySetResult(end);

    /// <summary>
    /// Commits what the group wrote, for a writer that ends the group without a commit of its own: a failure is
    /// the group's writers' to read back, not this writer's, whose answer (a refusal, a read) stands.
    /// </summary>
    public async Task CommitAsync()
    {
        try
        {
            await Transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            End(TransactionEnd.Committed);
        }
#pragma warning disable CA1031 // Handed to the group's writers, who read back what the database kept.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await DisposeQuietlyAsync().ConfigureAwait(false);
            End(TransactionEnd.Failed(e));
        }
    }

    /// <summary>
    /// Takes a savepoint for a writer joining the group, which its own statements are undone back to (<see cref="UndoAsync"/>);
    /// not stopped by the writer's token, as one cancelled half-way would leave the group's transaction in doubt.
    /// </summary>
    /// <remarks>
    /// Through EF Core, which waits for the server's answer: on the provider's <c>DbTransaction</c>, Npgsql would
    /// send the SAVEPOINT with the write's first command, under the writer's token, and a cancellation there could fail
    /// the SAVEPOINT itself and with it the group; nor did sparing its round trip show in the contention program
    /// (benchmarks/results/contention.md, twenty-sixth round).
    /// </remarks>
    public async Task<string> SavepointAsync()
    {
        var savepoint = string.Create(CultureInfo.InvariantCulture, $"vectice_group_{++_joined}");
        await Transaction.CreateSavepointAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        StoreTelemetry.Count(StoreTelemetry.TurnJoined);
        return savepoint;
    }

    /// <summary>
    /// Undoes a writer's statements back to its <paramref name="savepoint"/>, so that the group's other commits stand;
    /// without one (the group's first writer), or when that fails (a broken connection), the whole transaction ends,
    /// rolled back, and with it the group.
    /// </summary>
    /// <returns>Whether only the writer's statements were undone, the group going on.</returns>
    public async Task<bool> UndoAsync(string? savepoint)
    {
        if (savepoint is not null)
        {
            try
            {
                // On the DbTransaction itself, not through EF Core, whose interceptors could suppress it unseen (as a host's
                // transaction's savepoints are undone: EntityFrameworkOrganizationStore.UndoAsync).
                await Transaction.GetDbTransaction().RollbackAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
#pragma warning disable CA1031 // The group ends instead: none of its commits was written.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        await AbortAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>Rolls back what the group wrote, for a writer that failed in it: the others' commits were not written.</summary>
    public async Task AbortAsync()
    {
        await DisposeQuietlyAsync().ConfigureAwait(false);
        End(TransactionEnd.RolledBack);
    }

    /// <summary>Ends the transaction (a rollback, unless it ended), whatever the connection's state: the group's end is what its writers learn.</summary>
    public async Task DisposeQuietlyAsync()
    {
        try
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A broken connection may fail the rollback too; each writer reads back what the database kept.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
