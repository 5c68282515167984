using System.Collections.Concurrent;
using System.Data.Common;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// Where the store's writers of one process queue for a SQLite file before <c>BEGIN IMMEDIATE</c>.
/// SQLite's write lock is waited for synchronously (its busy handler, then the driver's retries),
/// holding a thread and deaf to cancellation; this gate makes the wait within a process
/// asynchronous, cancellable, and first come, first served. Writers in other processes, and the
/// host's own transactions, still meet at SQLite's lock, waited for up to the command timeout.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> PerFile = new(StringComparer.Ordinal);

    /// <summary>
    /// The gate of the file <paramref name="openConnection"/> has open, or <see langword="null"/> for an
    /// in-memory database (SQLite names no file for it).
    /// </summary>
    public static SemaphoreSlim? For(DbConnection openConnection)
    {
        // Microsoft.Data.Sqlite: the main database's full path, as SQLite resolved it once open.
        var file = openConnection.DataSource;
        return string.IsNullOrEmpty(file) ? null : PerFile.GetOrAdd(file, static _ => new SemaphoreSlim(1, 1));
    }
}
