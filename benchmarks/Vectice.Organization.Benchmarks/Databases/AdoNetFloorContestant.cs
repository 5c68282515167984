using System.Data.Common;
using Microsoft.EntityFrameworkCore;
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
/// requests would.
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

    private readonly BenchmarkDatabase _database;
    private readonly ServiceProvider? _efCore;
    private readonly bool _twoTransactions;
    private readonly bool _pooled;
    private long _version = 1;
    private bool _toAdmin;

    /// <param name="database">Creates the database.</param>
    /// <param name="twoTransactions">The floor of the SDK's design: a request's transaction and a confirm's.</param>
    /// <param name="throughEfCore">
    /// Each transaction in a DI scope of its own, with its own context registered with <c>AddDbContext</c>
    /// (an empty model), the same SQL sent through <c>ExecuteSqlRaw</c>: what any store on EF Core pays per
    /// web request before it reads or decides anything.
    /// </param>
    /// <param name="pooled">With <paramref name="throughEfCore"/>, the context registered with <c>AddDbContextPool</c>.</param>
    public AdoNetFloorContestant(Func<string, BenchmarkDatabase> database, bool twoTransactions = false, bool throughEfCore = false, bool pooled = false)
    {
        _twoTransactions = twoTransactions;
        _pooled = pooled;
        _database = database(throughEfCore ? (pooled ? "floor_ef_pooled" : "floor_ef") : twoTransactions ? "floor2" : "floor");
        if (throughEfCore)
        {
            var services = new ServiceCollection();
            services.AddContext<FloorDbContext>(pooled, o => _database.Use(o));
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

    public string Name => _efCore is not null
        ? $"EF Core floor of the SDK's design: the same two transactions, a scope each ({ContextRegistration.Describe(_pooled)}), through ExecuteSqlRaw"
        : _twoTransactions
            ? "ADO.NET floor of the SDK's design: request and confirm, a transaction each on a pooled connection"
            : "ADO.NET floor: one transaction on a pooled connection";

    public (int Commands, int Commits, int CommitsInCommands) LastRoundTrips => _twoTransactions ? (2, 2, 0) : (1, 1, 0);

    /// <remarks>
    /// <see cref="BenchmarkDatabase.OpenConnection"/> opens synchronously; from a warm pool neither
    /// SQLite nor Npgsql does I/O to open, so this is the cost an <c>OpenAsync</c> would have.
    /// </remarks>
    public async Task ToggleAsync()
    {
        _toAdmin = !_toAdmin;
        var (from, to) = _toAdmin ? ("Member", "Admin") : ("Admin", "Member");
        if (_twoTransactions)
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

    public void Dispose()
    {
        _efCore?.Dispose();
        _database.Dispose();
    }

    private async Task TransactionAsync(string sql, int rows, string from, string to, string? pending)
    {
        var written = _efCore is null ? await OnConnectionAsync(sql, from, to, pending) : await ThroughEfCoreAsync(sql, from, to, pending);
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
