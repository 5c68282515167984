using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// One kind of write, as <see cref="ServiceContext.WriteAsync{TOperation, TResult}"/> runs it: the
/// pipeline takes the organization's write lock, asks the operation to read, decide and plan, commits
/// the plan, and then logs, counts and notifies the same way for every write. Operations are structs,
/// so that running one allocates nothing of its own.
/// </summary>
/// <typeparam name="TResult">The public result of the operation.</typeparam>
internal interface IWriteOperation<TResult>
{
    /// <summary>
    /// The operation's name, one of <see cref="OperationNames"/>: in its log events, its counters' tags,
    /// and its span's name and tag.
    /// </summary>
    string Name { get; }

    /// <summary>The organization written: the one whose write lock and version guard the write.</summary>
    OrganizationId OrganizationId { get; }

    /// <summary>Who acts.</summary>
    UserId Actor { get; }

    /// <summary>What to give instead of another attempt when the commit loses a race; <see langword="null"/> to decide again.</summary>
    Refusal? RefusalOnConflict { get; }

    /// <summary>Reads what the decision needs, decides, and plans what to write.</summary>
    /// <param name="context">The store, the clock and the options.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan.</returns>
    ValueTask<WritePlan<TResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken);

    /// <summary>The result that carries <paramref name="refusal"/> (one of this operation's, or a lost race's).</summary>
    /// <param name="refusal">A refusal this operation can give.</param>
    /// <returns>The result.</returns>
    TResult Refuse(Refusal refusal);

    /// <summary>Logs and counts what this operation committed.</summary>
    /// <param name="context">The logger.</param>
    /// <param name="commit">What was committed.</param>
    void Committed(ServiceContext context, OrganizationCommit commit);
}
