using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Vectice.Organization.EntityFrameworkCore.Entities;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// A command (its text and its type-mapped parameters) is built once per sequence of statements and
/// kept, up to a capacity, so that a bulk change of any size cannot grow the cache without end; past it,
/// commands are built each time, as right. A command kept serves every context of the model.
/// </summary>
public sealed class StatementCommandsTests : IDisposable
{
    private readonly OrganizationDbContext _context = Context(sensitiveDataLogging: false);
    private readonly IProperty _id;
    private readonly IProperty _version;
    private readonly ParameterNames _names;

    public StatementCommandsTests()
    {
        var organization = _context.Model.FindEntityType(typeof(OrganizationRow))!;
        _id = organization.FindProperty(nameof(OrganizationRow.Id))!;
        _version = organization.FindProperty(nameof(OrganizationRow.Version))!;
        _names = new ParameterNames(_context.GetService<ISqlGenerationHelper>());
    }

    private IRelationalCommandBuilderFactory Factory => _context.GetService<IRelationalCommandBuilderFactory>();

    [Fact]
    public void The_same_sequence_of_statements_gets_the_command_built_the_first_time()
    {
        var commands = new StatementCommands();
        var (update, insert) = ("UPDATE \"{{t}}\" SET a = {0} WHERE b = {1}", "INSERT INTO u (c) VALUES ({0})");

        var first = commands.For(Factory, Statements(update, 2, insert, 1), _names.For(3));
        var again = commands.For(Factory, Statements(update, 2, insert, 1), _names.For(3));

        Assert.Equal("-- Vectice.Organization\nUPDATE \"{t}\" SET a = @p0 WHERE b = @p1;\nINSERT INTO u (c) VALUES (@p2);\n", first.CommandText);
        Assert.Same(first, again);
    }

    [Fact]
    public void Each_parameter_is_written_as_its_property_writes_it_converter_and_nullability_included()
    {
        var membership = _context.Model.FindEntityType(typeof(MembershipRow))!;
        var role = membership.FindProperty(nameof(MembershipRow.Role))!;
        var closedBy = _context.Model.FindEntityType(typeof(PendingChangeRow))!.FindProperty(nameof(PendingChangeRow.ClosedBy))!;
        DbParameterValue[] values = [new(_version, 7L), new(role, OrgRole.Viewer), new(closedBy, null)];
        var command = new StatementCommands().For(Factory, [("UPDATE t SET a = {0}, b = {1}, c = {2}", values, true)], _names.For(3));

        var byName = new Dictionary<string, object?> { ["@p0"] = 7L, ["@p1"] = OrgRole.Viewer, ["@p2"] = null };
        var connection = _context.GetService<IRelationalConnection>();
        var rented = connection.RentCommand();
        rented.PopulateFrom(command);
        using var sent = rented.CreateDbCommand(new RelationalCommandParameterObject(connection, byName, null, _context, null), Guid.NewGuid(), DbCommandMethod.ExecuteNonQuery);
        var parameters = sent.Parameters.Cast<DbParameter>().ToList();

        Assert.Equal(["@p0", "@p1", "@p2"], parameters.Select(p => p.ParameterName));
        Assert.Equal(DbType.Int64, parameters[0].DbType);
        Assert.Equal([7L, "Viewer", DBNull.Value], parameters.Select(p => p.Value));
        Assert.True(parameters[2].IsNullable);
    }

    [Fact]
    public void Past_its_capacity_a_new_sequence_is_built_each_time_and_the_sequences_kept_stay_kept()
    {
        var commands = new StatementCommands();
        var kept = Enumerable.Range(0, StatementCommands.Capacity).Select(i => $"DELETE FROM t{i} WHERE a = {{0}}").ToList();
        var keptCommands = kept.ConvertAll(t => commands.For(Factory, Statements(t, 1), _names.For(1)));
        var late = "DELETE FROM late WHERE a = {0}";

        var first = commands.For(Factory, Statements(late, 1), _names.For(1));
        var again = commands.For(Factory, Statements(late, 1), _names.For(1));

        Assert.Equal("-- Vectice.Organization\nDELETE FROM late WHERE a = @p0;\n", again.CommandText);
        Assert.Equal(first.CommandText, again.CommandText);
        Assert.NotSame(first, again);
        Assert.Same(keptCommands[0], commands.For(Factory, Statements(kept[0], 1), _names.For(1)));
    }

    [Fact]
    public void The_same_statements_with_other_numbers_of_values_get_a_command_of_their_own()
    {
        var commands = new StatementCommands();
        var (select, delete) = ("SELECT {0}", "DELETE FROM t WHERE a = {0}");

        var one = commands.For(Factory, Statements(select, 1, delete, 1), _names.For(2));
        var two = commands.For(Factory, Statements(select, 2, delete, 1), _names.For(3));

        Assert.Equal("-- Vectice.Organization\nSELECT @p0;\nDELETE FROM t WHERE a = @p1;\n", one.CommandText);
        Assert.Equal("-- Vectice.Organization\nSELECT @p0;\nDELETE FROM t WHERE a = @p2;\n", two.CommandText);
        Assert.Equal(3, two.Parameters.Count);
    }

    [Fact]
    public void A_sequence_longer_than_those_kept_is_built_each_time()
    {
        var commands = new StatementCommands();
        var insert = "INSERT INTO t (a) VALUES ({0})";
        var many = Enumerable.Range(0, StatementCommands.LongestKept + 1).SelectMany(_ => new object[] { insert, 1 }).ToArray();

        var first = commands.For(Factory, Statements(many), _names.For(StatementCommands.LongestKept + 1));
        var again = commands.For(Factory, Statements(many), _names.For(StatementCommands.LongestKept + 1));

        Assert.Equal(first.CommandText, again.CommandText);
        Assert.NotSame(first, again);
        Assert.EndsWith($"VALUES (@p{StatementCommands.LongestKept});\n", again.CommandText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_kept_serves_every_context_of_the_model_whatever_its_services()
    {
        using var another = Context(sensitiveDataLogging: true);
        Assert.NotSame(Factory, another.GetService<IRelationalCommandBuilderFactory>());
        var commands = new StatementCommands();
        var select = "SELECT {0}";

        var first = commands.For(Factory, Statements(select, 1), _names.For(1));

        Assert.Same(first, commands.For(another.GetService<IRelationalCommandBuilderFactory>(), Statements(select, 1), _names.For(1)));
    }

    public void Dispose() => _context.Dispose();

    // Statements of the given formats, each with the given number of values: the organization's id, then its version.
    private List<(string Sql, DbParameterValue[] Values, bool OneRow)> Statements(params object[] formatsAndCounts) =>
        [.. formatsAndCounts.Chunk(2).Select(p => ((string)p[0], Enumerable.Range(0, (int)p[1]).Select(i => new DbParameterValue(i == 0 ? _id : _version, null)).ToArray(), true))];

    private static OrganizationDbContext Context(bool sensitiveDataLogging) =>
        new(new DbContextOptionsBuilder<OrganizationDbContext>().UseSqlite(new SqliteConnection("Data Source=:memory:")).EnableSensitiveDataLogging(sensitiveDataLogging).Options);
}
