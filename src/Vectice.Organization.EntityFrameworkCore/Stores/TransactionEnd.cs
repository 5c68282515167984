namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// How a transaction of the store's own ended: committed, rolled back (nothing of it was written), or failed
/// with <see cref="Failure"/>, its outcome unknown (each commit in it is read back).
/// </summary>
internal readonly record struct TransactionEnd(bool IsCommitted, Exception? Failure)
{
    public static TransactionEnd Committed => new(true, null);

    public static TransactionEnd RolledBack => new(false, null);

    public static TransactionEnd Failed(Exception failure) => new(false, failure);
}
