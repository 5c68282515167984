using System.Data.Common;
using System.Diagnostics;
using System.Globalization;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The writers of one organization of one database in this process, one at a time: each waits here for
/// its turn before it opens its transaction, instead of holding a pooled connection and a server session
/// while it waits on the organization's row lock, which still orders the writers of several processes.
/// Waiting on the row, 32 writers of one organization on PostgreSQL had a 99th percentile two to three
/// times as long as queued here, for about as many changes per second (benchmarks/results/contention.md). On SQLite,
/// whose one write lock serves every organization of a database, the turn is the database's (see <see cref="Key"/>).
/// A turn is kept while a writer holds or awaits it, so organizations
/// leave nothing behind; a few idle turns are kept for reuse.
/// A write nested in a write of the same turn, in the same flow (a host's command
/// interceptor's, a store decorator's), does not wait for the turn its flow holds: it waits where it
/// waited before the queue, on the row's lock.
/// </summary>
internal static class OrganizationWriteQueue
{
    /// <summary>
    /// The <see cref="AppContext"/> switch that turns <see cref="Hold.Release"/>'s hand-off off (docs/entity-framework-core.md),
    /// read at each release that has a writer to hand on to, so that the contention program can compare both in one process.
    /// </summary>
    internal const string DisableHandOffSwitch = "Vectice.Organization.EntityFrameworkCore.DisableWriteTurnHandOff";

    private const int IdleKept = 16;

    // One lock for the map: held for a lookup per writer's arrival and departure, beside a write of a millisecond.
    private static readonly Lock Sync = new();
    private static readonly Dictionary<Key, Turn> Turns = [];
    private static readonly Stack<Turn> Idle = new(IdleKept);

    // The hold of the current flow (Hold.Claim), so that a write nested in it does not wait for its turn.
    private static readonly AsyncLocal<Hold?> Claimed = new();

    /// <summary>
    /// The writers in the turn of <paramref name="organizationId"/> on <paramref name="connection"/>'s database (see
    /// <see cref="EnterAsync"/>) or waiting for it; <see langword="null"/> when it has no turn kept (for tests).
    /// </summary>
    internal static int? Writing(DbConnection connection, string organizationId, bool sqlite)
    {
        lock (Sync)
        {
            return Turns.TryGetValue(Key.Of(connection, organizationId, sqlite), out var turn) ? turn.Writers : null;
        }
    }

    /// <summary>
    /// The writers in the queue of the gate of <paramref name="organizationId"/>'s turn on <paramref name="connection"/>'s
    /// database (see <see cref="EnterAsync"/>), waiting (for tests): not the one in its turn, nor one not queued yet.
    /// </summary>
    internal static int Waiting(DbConnection connection, string organizationId, bool sqlite)
    {
        lock (Sync)
        {
            return Turns.TryGetValue(Key.Of(connection, organizationId, sqlite), out var turn) ? Volatile.Read(ref turn.Waiting) : 0;
        }
    }

    /// <summary>
    /// Waits for the turn of <paramref name="organizationId"/> on <paramref name="connection"/>'s database
    /// (its server and database name: two databases' organizations of one id do not wait for each other; on
    /// SQLite, the database's turn, which all its organizations share: see <see cref="Key"/>); disposing the result ends it.
    /// </summary>
    /// <param name="connection">The context's connection, open or not.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="sqlite">The database is SQLite's, whose one write lock every organization's writer takes.</param>
    /// <param name="timeout">How long to wait at most, as a command waits for the row's lock: the context's command timeout.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first; the writer is no longer in the queue.</exception>
    /// <exception cref="TimeoutException">The turn did not come within <paramref name="timeout"/>; the writer is no longer in the queue.</exception>
    public static async ValueTask<Hold> EnterAsync(DbConnection connection, string organizationId, bool sqlite, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var key = Key.Of(connection, organizationId, sqlite);
        Turn turn;
        lock (Sync)
        {
            if (Claimed.Value is { } claimed && claimed.Holds(key))
            {
                return Hold.Nested;
            }

            if (!Turns.TryGetValue(key, out turn!))
            {
                turn = Idle.Count > 0 ? Idle.Pop() : new Turn();
                turn.Key = key;
                Turns.Add(key, turn);
            }

            turn.Writers++;
        }

        var waitStarted = StoreTelemetry.TurnWait.Enabled ? Stopwatch.GetTimestamp() : 0;
        bool entered;
        try
        {
            // Counted only once it waits (for tests): a writer counted is in the gate's queue; uncounted before it leaves.
            var wait = turn.Gate.WaitAsync(timeout, cancellationToken);
            var waiting = !wait.IsCompleted;
            if (waiting)
            {
                Interlocked.Increment(ref turn.Waiting);
            }

            try
            {
                entered = await wait.ConfigureAwait(false);
            }
            finally
            {
                if (waiting)
                {
                    Interlocked.Decrement(ref turn.Waiting);
                }

                // Every wait, however it ends: one that timed out or was cancelled is what an operator most needs to see.
                if (waitStarted != 0)
                {
                    StoreTelemetry.Record(StoreTelemetry.TurnWait, Stopwatch.GetElapsedTime(waitStarted).TotalSeconds);
                }
            }
        }
        catch
        {
            Leave(turn);
            throw;
        }

        if (!entered)
        {
            Leave(turn);
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"The write to organization '{organizationId}' waited {timeout.TotalSeconds:F0} s (the command timeout) for the writers of {(key.OrganizationId is null ? "its SQLite database" : "that organization")} before it in this process."));
        }

        turn.Entered = StoreTelemetry.TurnHeld.Enabled ? Stopwatch.GetTimestamp() : 0;
        return new Hold(turn);
    }

    // Whether writers are left holding or awaiting the turn.
    private static bool Leave(Turn turn)
    {
        lock (Sync)
        {
            if (--turn.Writers > 0)
            {
                return true;
            }

            Turns.Remove(turn.Key);

            // Its key may hold a connection (see Key): a turn left, idle or dropped, keeps none alive.
            turn.Key = default;
            if (Idle.Count < IdleKept)
            {
                Idle.Push(turn);
            }

            return false;
        }
    }

    /// <summary>
    /// A writer's turn (none for a write nested in its flow's turn): disposing it, once, lets the next writer
    /// of the turn in, and ends the claim of every flow that captured it.
    /// </summary>
    internal sealed class Hold(Turn? turn) : IDisposable
    {
        /// <summary>The hold of a write nested in its flow's turn: it holds nothing.</summary>
        public static Hold Nested { get; } = new(null);

        private int _released;

        /// <summary>Marks the hold as the current flow's, for the writes nested in it; call it in the flow that writes, not in an async method it awaits.</summary>
        public void Claim()
        {
            if (turn is not null)
            {
                Claimed.Value = this;
            }
        }

        /// <summary>Whether another writer waits for the turn (one about to wait may not be counted yet).</summary>
        public bool OthersWaiting => turn is not null && Volatile.Read(ref turn.Waiting) > 0;

        /// <summary>The transaction the writer before handed on with the turn (<see cref="HandOn"/>), now this writer's to write in or end; or <see langword="null"/>.</summary>
        public SharedTransaction? TakeShared() => turn is null ? null : Interlocked.Exchange(ref turn.Shared, null);

        /// <summary>
        /// Ends the hold, as <see cref="Dispose"/> does, handing <paramref name="shared"/> on to the writer let in; false
        /// when none was (the writers counted waiting gave up meanwhile) and the caller took it back to end it itself.
        /// </summary>
        public bool HandOn(SharedTransaction shared)
        {
            Debug.Assert(turn is not null, "Only a writer in its turn writes in a shared transaction.");
            Volatile.Write(ref turn.Shared, shared);
            End(shared, out var reclaimed);
            return !reclaimed;
        }

        /// <summary>Whether this hold still holds <paramref name="key"/>'s turn (read under the queue's lock).</summary>
        public bool Holds(Key key) => turn is not null && Volatile.Read(ref _released) == 0 && turn.Key == key;

        public void Dispose() => End(handedOn: null, out _);

        /// <summary>
        /// Ends the hold as <see cref="Dispose"/> does, and tells whether the caller should hand its thread on to the
        /// writer let in, by yielding (<see cref="Task.Yield"/>): true when another writer holds or awaits the turn
        /// and the caller runs on a thread-pool worker with no <see cref="SynchronizationContext"/> or
        /// <see cref="TaskScheduler"/> of its own, unless <see cref="DisableHandOffSwitch"/> is on. The release
        /// queued the writer let in on this worker's own queue, which the worker runs before the pool's global queue,
        /// where yielding puts the rest of the caller's flow: the worker takes that writer up at once, where the turn
        /// stood idle until another worker woke for it. Elsewhere the writer let in was queued on the global queue, and
        /// yielding would only delay the caller.
        /// </summary>
        public bool Release() =>
            End(handedOn: null, out _)
            && Thread.CurrentThread.IsThreadPoolThread
            && SynchronizationContext.Current is null
            && TaskScheduler.Current == TaskScheduler.Default
            && !(AppContext.TryGetSwitch(DisableHandOffSwitch, out var disabled) && disabled);

        // Whether other writers were holding or awaiting the turn when this one left it. With handedOn, whether that
        // transaction, handed on with the turn, was taken back (Turn.TakeBack).
        private bool End(SharedTransaction? handedOn, out bool reclaimed)
        {
            reclaimed = false;
            if (turn is null || Interlocked.Exchange(ref _released, 1) != 0)
            {
                return false;
            }

            // Read before the next writer gets the turn; recorded after it has, so that the hold does not count its listeners.
            var entered = turn.Entered;
            var held = entered != 0 ? Stopwatch.GetElapsedTime(entered) : TimeSpan.Zero;
            turn.Gate.Release();
            reclaimed = handedOn is not null && turn.TakeBack(handedOn);
            var others = Leave(turn);
            if (entered != 0)
            {
                StoreTelemetry.Record(StoreTelemetry.TurnHeld, held.TotalSeconds);
            }

            return others;
        }
    }

    /// <summary>A turn (one organization's, or a SQLite database's): the writers holding or awaiting it (under the queue's lock), and the gate they pass one at a time.</summary>
    internal sealed class Turn
    {
        /// <summary>The writers in <see cref="Gate"/>'s queue (for tests); changed with <see cref="Interlocked"/>.</summary>
        public int Waiting;

        /// <summary>When its holder got it, for <see cref="StoreTelemetry.TurnHeld"/> (0 when nothing listened then); only its one holder writes and reads it.</summary>
        public long Entered;

        /// <summary>A transaction handed on with the turn (<see cref="Hold.HandOn"/>) until its next holder takes it; changed with <see cref="Interlocked"/>.</summary>
        public SharedTransaction? Shared;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Key Key { get; set; }

        /// <summary>
        /// Takes <paramref name="handedOn"/> back for the writer that handed it on with the turn, once it has left the turn:
        /// when no writer took the turn (those counted waiting gave up meanwhile), nor the transaction since; exactly one
        /// writer takes it, whoever wins the exchange. That transaction only (which later writers of its group may have handed
        /// on again, the group's to end by whoever takes it): by the time the writer looks, the turn may have gone round and a
        /// later writer may have handed on a transaction of its own, which is not this writer's to end.
        /// </summary>
        /// <returns>Whether it was taken back, the caller's to end.</returns>
        public bool TakeBack(SharedTransaction handedOn) =>
            Gate.CurrentCount > 0 && ReferenceEquals(Interlocked.CompareExchange(ref Shared, null, handedOn), handedOn);

        public int Writers { get; set; }
    }

    /// <summary>
    /// An organization of a database: the connection's server and database name, and the organization's id. On
    /// SQLite, every organization of the database (<see cref="OrganizationId"/> null), as they all take its one write
    /// lock (BEGIN IMMEDIATE): outside the queue, writers of several organizations met it taken and waited in SQLite's
    /// busy handler, which sleeps up to 100 ms at a time on a thread it blocks. A SQLite file is keyed on its full path,
    /// which an open connection reports and a closed one's data source resolves to (relative to the current directory,
    /// as SQLite resolves it; symbolic links and an app domain's DataDirectory are not followed, and a connection whose
    /// path they change queues apart); <c>:memory:</c>, a <c>file:</c> URI and <c>|DataDirectory|</c> are kept as
    /// written, and an open connection to a database in memory, which reports no path, is its own key.
    /// </summary>
    internal readonly record struct Key(string Server, string Database, string? OrganizationId, DbConnection? InMemory = null)
    {
        public static Key Of(DbConnection connection, string organizationId, bool sqlite)
        {
            if (!sqlite)
            {
                return new(connection.DataSource, connection.Database, organizationId);
            }

            var source = connection.DataSource;
            return source.Length == 0 ? new(source, connection.Database, null, connection)
                : source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || source.Contains('|', StringComparison.Ordinal)
                    ? new(source, connection.Database, null)
                : new(Path.GetFullPath(source), connection.Database, null);
        }
    }
}
