using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// The floor: the minimum a correct implementation needs, by hand, as a web request would run it: a
/// connection from the pool, then one transaction holding a version-checked organization update,
/// the membership update and the audit insert, sent as one command. No DI, no EF.
/// </summary>
/// <remarks>
/// With <c>twoTransactions</c>, the floor of the SDK's design instead: a request that stores the pending
/// change (version bump, pending insert, audit insert) and a confirm that applies it (version bump,
/// membership update, pending delete, audit insert), a connection and a transaction each, as two web
/// requests would. With <c>withReads</c>, each of those transactions first reads, under the
/// organization's lock and in one command, what its decision needs (the version, the actor's and the
/// target's roles, the number of Admins, and for the confirm the pending change), checks it, and then
/// writes. As the SDK sends its own on PostgreSQL, its commands are prepared (on SQLite that only
/// compiles them a step earlier) and the writes and COMMIT go as one command. It reads less than the SDK
/// (no statuses, settings or expiry), counts its rows on the client where the SDK's statements check
/// theirs on the server, and goes around EF Core's command pipeline, so it is a lower bound for a store
/// that reads, decides in code, then writes.
/// </remarks>
internal sealed class AdoNetFloorContestant : IContestant
{
    private const string Organization = "acme";
    private const string Actor = "admin";
    private const string Target = "target";

    private const string Change =
        """
        UPDATE floor_organizations SET version = version + 1 WHERE id = @organization AND version = @version;
        UPDATE floor_memberships SET role = @to WHERE organization_id = @organization AND user_id = @target;
        INSERT INTO floor_audit (organization_id, actor, target, before_role, after_role) VALUES (@organization, @actor, @target, @from, @to);
        """;

    private const string Request =
        """
        UPDATE floor_organizations SET version = version + 1 WHERE id = @organization AND version = @version;
        INSERT INTO floor_pending (organization_id, id, target, to_role) VALUES (@organization, @pending, @target, @to);
        INSERT INTO floor_audit (organization_id, actor, target, before_role, after_role) VALUES (@organization, @actor, @target, @from, @to);
        """;

    private const string Confirm =
        """
        UPDATE floor_organizations SET version = version + 1 WHERE id = @organization AND version = @version;
        UPDATE floor_memberships SET role = @to WHERE organization_id = @organization AND user_id = @target;
        DELETE FROM floor_pending WHERE organization_id = @organization AND id = @pending;
        INSERT INTO floor_audit (organization_id, actor, target, before_role, after_role) VALUES (@organization, @actor, @target, @from, @to);
        """;

    private const string Reads =
        """
        SELECT version FROM floor_organizations WHERE id = @organization{0};
        SELECT user_id, role FROM floor_memberships WHERE organization_id = @organization AND user_id IN (@actor, @target);
        SELECT COUNT(*) FROM floor_memberships WHERE organization_id = @organization AND role = 'Admin';
        """;

    private const string PendingRead = "SELECT target, to_role FROM floor_pending WHERE organization_id = @organization AND id = @pending;";

    private readonly BenchmarkDatabase _database;
    private readonly ServiceProvider? _efCore;
    private readonly bool _twoTransactions;
    private readonly bool _pooled;
    private readonly bool _withReads;
    private readonly (string Reads, string Writes, int Rows) _requestWithReads;
    private readonly (string Reads, string Writes, int Rows) _confirmWithReads;
    private long _version = 1;
    private bool _toAdmin;

    /// <param name="database">Creates the database.</param>
    /// <param name="twoTransactions">The floor of the SDK's design: a request's transaction and a confirm's.</param>
    /// <param name="throughEfCore">
    /// Each transaction in a DI scope of its own, with its own context registered with <c>AddDbContext</c>
    /// (an empty model), the same SQL sent through <c>ExecuteSqlRaw</c> (unprepared): what a store on EF Core
    /// pays per web request to send it that way, before it reads or decides anything.
    /// </param>
    /// <param name="pooled">With <paramref name="throughEfCore"/>, the context registered with <c>AddDbContextPool</c>.</param>
    /// <param name="withReads">With <paramref name="twoTransactions"/>, each transaction reads and checks what its decision needs before it writes.</param>
    public AdoNetFloorContestant(Func<string, BenchmarkDatabase> database, bool twoTransactions = false, bool throughEfCore = false, bool pooled = false, bool withReads = false)
    {
        if (withReads && !twoTransactions)
        {
            throw new ArgumentException("The reads belong to the floor of the SDK's design: ask for its two transactions too.", nameof(withReads));
        }

        _twoTransactions = twoTransactions;
        _pooled = pooled;
        _withReads = withReads;
        var name = throughEfCore ? (pooled ? "floor_ef_pooled" : "floor_ef") : twoTransactions ? "floor2" : "floor";
        _database = database(withReads ? name + "_reads" : name);
        var reads = string.Format(CultureInfo.InvariantCulture, Reads, _database.RowLock);
        var commit = _database.CommitsInCommand ? "COMMIT;" : "";
        _requestWithReads = (reads, Request + commit, 3);
        _confirmWithReads = (reads + PendingRead, Confirm + commit, 4);
        if (throughEfCore)
        {
            var services = new ServiceCollection();
            services.AddContext<FloorDbContext>(pooled, _database);
            _efCore = services.BuildServiceProvider();
        }

        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            CREATE TABLE floor_organizations (id varchar(128) PRIMARY KEY, version bigint NOT NULL);
            CREATE TABLE floor_memberships (organization_id varchar(128) NOT NULL, user_id varchar(128) NOT NULL, role varchar(32) NOT NULL, PRIMARY KEY (organization_id, user_id));
            CREATE TABLE floor_pending (organization_id varchar(128) NOT NULL, id varchar(36) NOT NULL, target varchar(128) NOT NULL, to_role varchar(32) NOT NULL, PRIMARY KEY (organization_id, id));
            CREATE TABLE floor_audit (sequence {_database.IdentityColumn}, organization_id varchar(128) NOT NULL, actor varchar(128) NOT NULL, target varchar(128) NOT NULL, before_role varchar(32) NOT NULL, after_role varchar(32) NOT NULL);
            INSERT INTO floor_organizations VALUES ('{Organization}', 1);
            INSERT INTO floor_memberships VALUES ('{Organization}', '{Actor}', 'Admin'), ('{Organization}', '{Target}', 'Member');
            """;
        command.ExecuteNonQuery();
    }

    public string Name => _withReads
        ? (_efCore is not null
            ? $"EF Core floor of the SDK's design with its reads: the same, a scope each ({ContextRegistration.Describe(_pooled)}), on the context's connection"
            : "ADO.NET floor of the SDK's design with its reads: each transaction reads under the lock what it decides on, then writes; commands prepared")
        : _efCore is not null
            ? $"EF Core floor of the SDK's design: the same two transactions, a scope each ({ContextRegistration.Describe(_pooled)}), through ExecuteSqlRaw"
            : _twoTransactions
                ? "ADO.NET floor of the SDK's design: request and confirm, a transaction each on a pooled connection"
                : "ADO.NET floor: one transaction on a pooled connection";

    public (int Commands, int Commits, int CommitsInCommands) LastRoundTrips =>
        _withReads ? (4, 2, _database.CommitsInCommand ? 2 : 0)
        : _twoTransactions ? (2, 2, 0)
        : (1, 1, 0);

    public IReadOnlyList<string> LastCommandTexts =>
        _withReads ? [_requestWithReads.Reads, _requestWithReads.Writes, _confirmWithReads.Reads, _confirmWithReads.Writes]
        : _twoTransactions ? [Request, Confirm]
        : [Change];

    /// <remarks>
    /// <see cref="BenchmarkDatabase.OpenConnection"/> opens synchronously; from a warm pool neither
    /// SQLite nor Npgsql does I/O to open, so this is the cost an <c>OpenAsync</c> would have.
    /// </remarks>
    public async Task ToggleAsync()
    {
        _toAdmin = !_toAdmin;
        var (from, to) = _toAdmin ? ("Member", "Admin") : ("Admin", "Member");
        if (_withReads)
        {
            var pending = Guid.NewGuid().ToString();
            await TransactionWithReadsAsync(_requestWithReads, from, to, pending, confirming: false);
            await TransactionWithReadsAsync(_confirmWithReads, from, to, pending, confirming: true);
        }
        else if (_twoTransactions)
        {
            var pending = Guid.NewGuid().ToString();
            await TransactionAsync(Request, 3, from, to, pending);
            await TransactionAsync(Confirm, 4, from, to, pending);
        }
        else
        {
            await TransactionAsync(Change, 3, from, to, pending: null);
        }
    }

    public void Analyze() => _database.Analyze();

    public void Dispose()
    {
        _efCore?.Dispose();
        _database.Dispose();
    }

    private async Task TransactionAsync(string sql, int rows, string from, string to, string? pending) =>
        Written(_efCore is null ? await OnConnectionAsync(sql, from, to, pending) : await ThroughEfCoreAsync(sql, from, to, pending), rows);

    private void Written(int written, int rows)
    {
        if (written != rows)
        {
            throw new InvalidOperationException("The version moved: the floor has no other writer, so this is a bug.");
        }

        _version++;
    }

    private async Task<int> OnConnectionAsync(string sql, string from, string to, string? pending)
    {
        await using var connection = _database.OpenConnection();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameters(command, command.Parameters, from, to, pending);

        var written = await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return written;
    }

    private async Task<int> ThroughEfCoreAsync(string sql, string from, string to, string? pending)
    {
        await using var scope = _efCore!.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<FloorDbContext>().Database;
        await using var transaction = await database.BeginTransactionAsync();
        await using var factory = database.GetDbConnection().CreateCommand();
        var parameters = new List<DbParameter>(7);
        AddParameters(factory, parameters, from, to, pending);
        var written = await database.ExecuteSqlRawAsync(sql, parameters);
        await transaction.CommitAsync();
        return written;
    }

    // A COMMIT sent in the writes' command ends the transaction on the server: the transaction object is then only disposed.
    private async Task TransactionWithReadsAsync((string Reads, string Writes, int Rows) texts, string from, string to, string pending, bool confirming)
    {
        int written;
        if (_efCore is null)
        {
            await using var connection = _database.OpenConnection();
            await using var transaction = await connection.BeginTransactionAsync();
            written = await ReadThenWriteAsync(connection, transaction, texts, from, to, pending, confirming);
            if (!_database.CommitsInCommand)
            {
                await transaction.CommitAsync();
            }
        }
        else
        {
            await using var scope = _efCore.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<FloorDbContext>().Database;
            await using var transaction = await database.BeginTransactionAsync();

            // On the context's connection and in its transaction, prepared, as ExecuteSqlRaw cannot prepare.
            written = await ReadThenWriteAsync(database.GetDbConnection(), transaction.GetDbTransaction(), texts, from, to, pending, confirming);
            if (!_database.CommitsInCommand)
            {
                await transaction.CommitAsync();
            }
        }

        Written(written, texts.Rows);
    }

    /// <summary>
    /// The least a write of this shape reads before it decides, in one command: the organization's version
    /// under its lock, the actor's and the target's roles, the number of Admins (the last Admin may not
    /// go) and, for a confirm, the pending change; then, once checked, its writes in another.
    /// </summary>
    private async Task<int> ReadThenWriteAsync(
        DbConnection connection, DbTransaction transaction, (string Reads, string Writes, int Rows) texts, string from, string to, string pending, bool confirming)
    {
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = texts.Reads;
            read.Parameters.Add(Parameter(read, "organization", Organization));
            read.Parameters.Add(Parameter(read, "actor", Actor));
            read.Parameters.Add(Parameter(read, "target", Target));
            if (confirming)
            {
                read.Parameters.Add(Parameter(read, "pending", pending));
            }

            await read.PrepareAsync();
            await using var reader = await read.ExecuteReaderAsync();
            var version = await reader.ReadAsync() ? reader.GetInt64(0) : -1;
            await reader.NextResultAsync();
            string? actorRole = null, targetRole = null;
            while (await reader.ReadAsync())
            {
                if (reader.GetString(0) == Actor)
                {
                    actorRole = reader.GetString(1);
                }
                else
                {
                    targetRole = reader.GetString(1);
                }
            }

            await reader.NextResultAsync();
            var admins = await reader.ReadAsync() ? reader.GetInt64(0) : 0;
            var pendingMatches = !confirming
                || (await reader.NextResultAsync() && await reader.ReadAsync() && reader.GetString(0) == Target && reader.GetString(1) == to);
            if (!(version == _version && actorRole == "Admin" && targetRole == from && pendingMatches && (from != "Admin" || admins > 1)))
            {
                throw new InvalidOperationException("The floor's decision refused its own change: the floor has no other writer, so this is a bug.");
            }
        }

        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = texts.Writes;
        AddParameters(write, write.Parameters, from, to, pending);
        await write.PrepareAsync();
        return await write.ExecuteNonQueryAsync();
    }

    // Into the command's own collection on the ADO.NET path, so that the floor allocates no list of its own.
    private void AddParameters(DbCommand command, System.Collections.IList parameters, string from, string to, string? pending)
    {
        parameters.Add(Parameter(command, "organization", Organization));
        parameters.Add(Parameter(command, "version", _version));
        parameters.Add(Parameter(command, "actor", Actor));
        parameters.Add(Parameter(command, "target", Target));
        parameters.Add(Parameter(command, "from", from));
        parameters.Add(Parameter(command, "to", to));
        if (pending is not null)
        {
            parameters.Add(Parameter(command, "pending", pending));
        }
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    /// <summary>A context with no entities: the floor's SQL is its own.</summary>
    private sealed class FloorDbContext(DbContextOptions<FloorDbContext> options) : DbContext(options);
}
