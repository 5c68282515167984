using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Vectice.Organization.EntityFrameworkCore.Entities;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// A commit as SQL on the context's own connection and transaction: one statement per row, sent as
/// one batch where the provider batches (PostgreSQL), each checked for the one row it must touch.
/// Written once per model (a context type can have several: one per provider or table prefix).
/// </summary>
internal sealed class CommitStatements
{
    /// <summary>The text a checked statement's error carries when its row was not there (see <see cref="IsLostRow"/>).</summary>
    private const string LostRowMarker = "Vectice.Organization: a row of the commit was not as read";

    private const string CommitStatement = "COMMIT";

    /// <summary>
    /// PostgreSQL may keep a generic plan for a prepared statement (after five executions, when it costs
    /// no more than theirs) until the tables or their statistics change; a changed setting does not plan it
    /// again. Planned once a young database had been analyzed with few pending changes, the confirm's
    /// statements found their pending change by scanning the table, and went on scanning it as it grew,
    /// until autovacuum analyzed it again. The statements of the store's transactions find their rows by
    /// keys and indexes, so that a plan made without table scans still finds them. <c>SET LOCAL</c> lasts
    /// until the transaction ends; a host's own transaction is left as the host set it.
    /// </summary>
    private const string NoSequentialScans = "SET LOCAL enable_seqscan = off";

    private static readonly ConditionalWeakTable<IModel, CommitStatements> PerModel = [];

    // Per statement of TableStatements, the same statement failing when it touches no row (PostgreSQL).
    // Made on first use: an INSERT has one statement per set of null columns it leaves out (TableStatements.InsertOf).
    private readonly ConcurrentDictionary<string, string> _checked = new(ReferenceEqualityComparer.Instance);

    private readonly TableStatements _organizations;
    private readonly TableStatements _memberships;
    private readonly TableStatements _pendingChanges;
    private readonly TableStatements _auditEntries;
    private readonly IProperty _organizationId;
    private readonly ParameterNames _parameterNames;
    private readonly StatementCommands _commands = new();

    private CommitStatements(DbContext context)
    {
        var model = context.Model;
        var sql = context.GetService<ISqlGenerationHelper>();
        _parameterNames = new ParameterNames(sql);
        _organizations = new TableStatements(model.FindEntityType(typeof(OrganizationRow))!, nameof(OrganizationRow.Id), nameof(OrganizationRow.Version), sql);
        _memberships = new TableStatements(model.FindEntityType(typeof(MembershipRow))!, nameof(MembershipRow.OrganizationId), null, sql);
        // A commit only closes a pending change: what was requested is left as it was stored, and the indexes
        // over it (its expiry's) are not written again (SQLite rewrites an index entry whose column is SET).
        _pendingChanges = new TableStatements(
            model.FindEntityType(typeof(PendingChangeRow))!,
            nameof(PendingChangeRow.OrganizationId),
            null,
            sql,
            [nameof(PendingChangeRow.Status), nameof(PendingChangeRow.ClosedBy), nameof(PendingChangeRow.ClosedAt)]);
        _auditEntries = new TableStatements(model.FindEntityType(typeof(AuditEntryRow))!, nameof(AuditEntryRow.OrganizationId), null, sql);
        _organizationId = model.FindEntityType(typeof(OrganizationRow))!.FindProperty(nameof(OrganizationRow.Id))!;

        var id = TableStatements.Slot(0);
        var organizations = _organizations.Table;
        var column = _organizations.OrganizationColumn;
        var provider = context.Database.ProviderName;
        IsNpgsql = provider == Providers.Npgsql;
        IsSqlite = provider == Providers.Sqlite;
        LockOrganization = provider switch
        {
            // NO KEY UPDATE: writers queue on it as on FOR UPDATE, but rows that only reference the organization are not held up.
            Providers.Npgsql => $"SELECT 1 FROM {organizations} WHERE {column} = {id} FOR NO KEY UPDATE",

            // BEGIN IMMEDIATE (the provider's transaction) already holds the database's one write lock.
            Providers.Sqlite => null,

            // Elsewhere, an update that changes nothing takes the row's lock, in every database.
            _ => $"UPDATE {organizations} SET {_organizations.TokenColumn} = {_organizations.TokenColumn} WHERE {column} = {id}",
        };
        // The setting returns no rows: Npgsql's NextResult passes over it, so it is not among the results ReadAsync skips.
        LockOrganizationInOwnTransaction = IsNpgsql ? $"{NoSequentialScans};\n{LockOrganization}" : LockOrganization;
        // The channel is a constant: a literal, not a parameter sent with every commit.
        Notify = $"SELECT pg_notify({TableStatements.Literal(_organizationId, OrganizationChangeNotification.Channel)}, {TableStatements.Slot(0)})";
    }

    /// <summary>The model is PostgreSQL's (through Npgsql): the store notifies, and its commands are prepared.</summary>
    public bool IsNpgsql { get; }

    /// <summary>The model is SQLite's: the transaction (BEGIN IMMEDIATE) is the lock.</summary>
    public bool IsSqlite { get; }

    /// <summary>
    /// Whether <paramref name="error"/> is a unique key's violation (PostgreSQL's 23505, SQLite's
    /// SQLITE_CONSTRAINT); <see langword="false"/> on other providers, whose errors are read back.
    /// </summary>
    public bool IsDuplicateKey(DbException error) =>
        IsNpgsql ? error.SqlState == "23505"

        // SqliteException says it only in SqliteErrorCode (its ErrorCode is the HResult); read by name, as this package references no provider.
        : IsSqlite && error.GetType().GetProperty("SqliteErrorCode")?.GetValue(error) is SqliteConstraint;

    private const int SqliteConstraint = 19;

    /// <summary>Takes the organization row's lock in the current transaction; <see langword="null"/> where the transaction holds it already.</summary>
    private string? LockOrganization { get; }

    /// <summary>
    /// <see cref="LockOrganization"/> as the first statement of a transaction of the store's own on
    /// PostgreSQL: after <see cref="NoSequentialScans"/>, so that the transaction's statements are planned
    /// without scanning a table.
    /// </summary>
    private string? LockOrganizationInOwnTransaction { get; }

    private string Notify { get; }

    public static CommitStatements For(DbContext context) => PerModel.GetValue(context.Model, _ => new CommitStatements(context));

    /// <summary>
    /// Whether the lock's statement goes in the command of the write's first snapshot (PostgreSQL):
    /// one round trip fewer. Other providers lock on their own: not every one runs two statements in a command.
    /// </summary>
    public bool LocksWithSnapshot => IsNpgsql;

    /// <summary>
    /// Whether a commit in a transaction of the store's own ends with COMMIT in its command (PostgreSQL):
    /// one round trip fewer per write. Not an organization's creation, whose key the read-back of a lost
    /// COMMIT waits for (<see cref="CommitReadBack"/>). Each statement then checks its one row on the
    /// server (see <see cref="Statements"/>), as the rows counted on the client would come too late.
    /// </summary>
    public bool CommitsInBatch => IsNpgsql;

    /// <summary>Whether <paramref name="error"/> is a checked statement's: a row of the commit was not there (the caller's version moved).</summary>
    public static bool IsLostRow(DbException error) =>
        error.SqlState == "22P02" && error.Message.Contains(LostRowMarker, StringComparison.Ordinal);

    /// <summary>The statement that locks the organization's row in the current transaction; <see langword="null"/> where the transaction holds it already.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="ownTransaction">
    /// The transaction is the store's own (the lock is its first statement): on PostgreSQL its statements
    /// are then planned without table scans (see <see cref="NoSequentialScans"/>).
    /// </param>
    public (string Sql, DbParameterValue[] Values, bool OneRow)? Lock(OrganizationId organizationId, bool ownTransaction) =>
        (ownTransaction ? LockOrganizationInOwnTransaction : LockOrganization) is { } sql ? (sql, [new DbParameterValue(_organizationId, organizationId.Value)], false) : null;

    /// <summary>Locks the organization's row in the context's current transaction (see <see cref="Lock"/>).</summary>
    public async Task LockAsync(DbContext context, OrganizationId organizationId, bool ownTransaction, CancellationToken cancellationToken)
    {
        if (Lock(organizationId, ownTransaction) is { } statement)
        {
            await ExecuteAsync(context, [statement], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The commit's statements, in order: the organization's version check and bump first. A lost race
    /// is seen in the rows counted once all have run, or on the server (<paramref name="commitInBatch"/>);
    /// the caller then rolls back.
    /// </summary>
    /// <param name="commit">What to write.</param>
    /// <param name="notification">The change notification to send with it (PostgreSQL), or <see langword="null"/>.</param>
    /// <param name="asRead">
    /// The organization as the write read it in the transaction the commit runs in, if it did: when the commit
    /// changes nothing of it but its version, only the version is written (under the row's lock, or checked by
    /// the version still expected, the row is as read).
    /// </param>
    /// <param name="commitInBatch">
    /// End with COMMIT (see <see cref="CommitsInBatch"/>): each one-row statement then fails on the server
    /// when its row was not there (<see cref="IsLostRow"/>), and none is counted on the client.
    /// </param>
    public List<(string Sql, DbParameterValue[] Values, bool OneRow)> Statements(OrganizationCommit commit, string? notification, OrganizationInfo? asRead, bool commitInBatch = false)
    {
        var statements = WriteStatements(commit, notification, asRead);
        if (commitInBatch)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements[i] is (var sql, var values, true))
                {
                    // The statement fails when it touches no row, with the marker in its error: the rest of the batch, COMMIT
                    // included, is skipped. An INSERT too: a host's trigger or rule can skip one without an error.
                    statements[i] = (_checked.GetOrAdd(sql, static statement => $"WITH w AS ({statement} RETURNING 1) SELECT CAST(CASE WHEN COUNT(*) = 1 THEN '1' ELSE '{LostRowMarker}' END AS integer) FROM w"), values, false);
                }
            }

            statements.Add((CommitStatement, [], false));
        }

        return statements;
    }

    private List<(string Sql, DbParameterValue[] Values, bool OneRow)> WriteStatements(OrganizationCommit commit, string? notification, OrganizationInfo? asRead)
    {
        var statements = new List<(string, DbParameterValue[], bool)>(4 + commit.AddedMemberships.Count + commit.UpdatedMemberships.Count + commit.AuditEntries.Count);
        var next = commit.Organization;
        var organization = OrganizationRow.From(next);
        statements.Add(
            commit.ExpectedVersion == 0 ? Inserted(_organizations, organization)
            // Every member but the version compared (a record's equality), whatever members it gains.
            : asRead is { } read && read with { Version = next.Version } == next
                ? (_organizations.TokenUpdate!, _organizations.TokenUpdateValues(organization, commit.ExpectedVersion), true)
                : (_organizations.Update, _organizations.UpdateValues(organization, commit.ExpectedVersion), true));
        foreach (var membership in commit.AddedMemberships)
        {
            statements.Add(Inserted(_memberships, MembershipRow.From(membership)));
        }

        foreach (var membership in commit.UpdatedMemberships)
        {
            statements.Add((_memberships.Update, _memberships.UpdateValues(MembershipRow.From(membership)), true));
        }

        if (commit.AddedPendingChange is { } added)
        {
            statements.Add(Inserted(_pendingChanges, PendingChangeRow.From(added)));
        }

        if (commit.UpdatedPendingChange is { } updated)
        {
            statements.Add((_pendingChanges.Update, _pendingChanges.UpdateValues(PendingChangeRow.From(updated)), true));
        }

        foreach (var removed in commit.RemovedPendingChanges)
        {
            // A row another writer removed first makes the commit conflict.
            var key = new PendingChangeRow { Id = removed.Value, OrganizationId = removed.OrganizationId.Value, TargetUserId = string.Empty, RequestedBy = string.Empty };
            statements.Add((_pendingChanges.Delete, _pendingChanges.DeleteValues(key), true));
        }

        foreach (var entry in commit.AuditEntries)
        {
            statements.Add(Inserted(_auditEntries, AuditEntryRow.From(entry)));
        }

        if (notification is not null)
        {
            statements.Add((Notify, [new DbParameterValue(_organizationId, notification)], false));
        }

        return statements;
    }

    private static (string Sql, DbParameterValue[] Values, bool OneRow) Inserted(TableStatements table, object row)
    {
        var (sql, values) = table.InsertOf(row);
        return (sql, values, true);
    }

    /// <summary>
    /// Runs the statements as one command (one round trip where the provider batches) in the context's
    /// current transaction, through EF Core, so that the host's interceptors and logging see it; true
    /// when every statement that must touch one row did. Otherwise the caller rolls back: nothing of the
    /// commit may stay. (Providers count the rows of writes only, not of a SELECT.)
    /// </summary>
    public async Task<bool> ExecuteAsync(DbContext context, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, CancellationToken cancellationToken)
    {
        var (template, values, expected) = Compose(context, statements);

        // As EF Core runs ExecuteSqlRaw: not through the execution strategy (the caller's transaction, or the
        // store's write, is the unit a strategy retries), and inside the context's concurrency detector.
        using (EnterCriticalSection(context))
        {
            var (connection, command) = Rent(context, template);
            try
            {
                return await command.ExecuteNonQueryAsync(Parameters(context, connection, values, CommandSource.ExecuteSqlRaw), cancellationToken).ConfigureAwait(false) == expected;
            }
            finally
            {
                connection.ReturnCommand(command);
            }
        }
    }

    // As EF Core enters it: not at all when the host turned the checks off (a default disposer cannot be disposed).
    private static ConcurrencyDetectorCriticalSectionDisposer? EnterCriticalSection(DbContext context) =>
        context.GetService<ICoreSingletonOptions>().AreThreadSafetyChecksEnabled ? context.GetService<IConcurrencyDetector>().EnterCriticalSection() : null;

    /// <summary>
    /// Runs the statements as one command, like <see cref="ExecuteAsync"/>, and reads the first row of
    /// the last one's results with <paramref name="read"/>: <see langword="null"/> when it has none.
    /// </summary>
    public async Task<TRow?> ReadAsync<TRow>(DbContext context, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, Func<DbDataReader, TRow> read, CancellationToken cancellationToken)
        where TRow : class
    {
        var (template, values, _) = Compose(context, statements);

        // As the host's queries run: through its execution strategy (which retries a read outside a transaction).
        return await context.Database.CreateExecutionStrategy().ExecuteAsync(
            (Context: context, Template: template, Values: values, Skip: statements.Count - 1, Read: read),
            static async (_, s, cancellationToken) =>
            {
                // As EF Core runs a query: inside the context's concurrency detector, which also guards the connection's one rented command.
                using var critical = EnterCriticalSection(s.Context);
                var (connection, command) = Rent(s.Context, s.Template);
                try
                {
                    var reader = await command.ExecuteReaderAsync(Parameters(s.Context, connection, s.Values, CommandSource.FromSqlQuery), cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var results = reader.DbDataReader;
                        for (var i = 0; i < s.Skip; i++)
                        {
                            await results.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        }

                        return await results.ReadAsync(cancellationToken).ConfigureAwait(false) ? s.Read(results) : null;
                    }
                }
                finally
                {
                    connection.ReturnCommand(command);
                }
            },
            verifySucceeded: null,
            cancellationToken).ConfigureAwait(false);
    }

    // The connection's own command, filled from the template kept (see StatementCommands), as EF Core runs a compiled query.
    private static (IRelationalConnection Connection, IRelationalCommand Command) Rent(DbContext context, IRelationalCommandTemplate template)
    {
        var connection = context.GetService<IRelationalConnection>();
        var command = connection.RentCommand();
        command.PopulateFrom(template);
        return (connection, command);
    }

    private static RelationalCommandParameterObject Parameters(DbContext context, IRelationalConnection connection, Dictionary<string, object?> values, CommandSource source) =>
        new(connection, values, null, context, context.GetService<IRelationalCommandDiagnosticsLogger>(), source);

    // One command of the statements (built once per sequence of statements: StatementCommands), the values
    // of its parameters by name, and how many rows its one-row statements must touch in all.
    private (IRelationalCommandTemplate Template, Dictionary<string, object?> Values, int Expected) Compose(DbContext context, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements)
    {
        var count = 0;
        var expected = 0;
        foreach (var (_, values, oneRow) in statements)
        {
            count += values.Length;
            expected += oneRow ? 1 : 0;
        }

        var names = _parameterNames.For(count);
        var byName = new Dictionary<string, object?>(count, StringComparer.Ordinal);
        var n = 0;
        foreach (var (_, values, _) in statements)
        {
            foreach (var value in values)
            {
                byName.Add(names.Names[n++], value.Value);
            }
        }

        return (_commands.For(context.GetService<IRelationalCommandBuilderFactory>(), statements, names), byName, expected);
    }
}
