using System.Data.Common;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// The floor: the minimum a correct implementation needs, by hand, in one transaction: a
/// version-checked organization update, the membership update and the audit insert, sent as one
/// command.
/// </summary>
internal sealed class AdoNetFloorContestant : IContestant
{
    private readonly BenchmarkDatabase _database;
    private readonly DbConnection _connection;
    private long _version = 1;
    private bool _toAdmin;

    public AdoNetFloorContestant(Func<string, BenchmarkDatabase> database)
    {
        _database = database("floor");
        _connection = _database.OpenConnection();
        Execute(
            $"""
            CREATE TABLE floor_organizations (id varchar(128) PRIMARY KEY, version bigint NOT NULL);
            CREATE TABLE floor_memberships (organization_id varchar(128) NOT NULL, user_id varchar(128) NOT NULL, role varchar(32) NOT NULL, PRIMARY KEY (organization_id, user_id));
            CREATE TABLE floor_audit (sequence {_database.IdentityColumn}, organization_id varchar(128) NOT NULL, actor varchar(128) NOT NULL, target varchar(128) NOT NULL, before_role varchar(32) NOT NULL, after_role varchar(32) NOT NULL);
            INSERT INTO floor_organizations VALUES ('acme', 1);
            INSERT INTO floor_memberships VALUES ('acme', 'admin', 'Admin'), ('acme', 'target', 'Member');
            """);
    }

    public string Name => "ADO.NET floor: one transaction";

    public (int Commands, int Commits) LastRoundTrips => (1, 1);

    public async Task ToggleAsync()
    {
        _toAdmin = !_toAdmin;
        var (from, to) = _toAdmin ? ("Member", "Admin") : ("Admin", "Member");
        await using var transaction = await _connection.BeginTransactionAsync();
        await using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            UPDATE floor_organizations SET version = version + 1 WHERE id = 'acme' AND version = @version;
            UPDATE floor_memberships SET role = @to WHERE organization_id = 'acme' AND user_id = 'target';
            INSERT INTO floor_audit (organization_id, actor, target, before_role, after_role) VALUES ('acme', 'admin', 'target', @from, @to);
            """;
        Parameter(command, "version", _version);
        Parameter(command, "from", from);
        Parameter(command, "to", to);
        if (await command.ExecuteNonQueryAsync() != 3)
        {
            throw new InvalidOperationException("The version moved: the floor has no other writer, so this is a bug.");
        }

        await transaction.CommitAsync();
        _version++;
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
