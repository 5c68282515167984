using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// A command's text is written once per sequence of statements and kept, up to a capacity, so that a
/// bulk change of any size cannot grow the cache without end; past it, texts are written each time, as right.
/// </summary>
public sealed class CommandTextsTests
{
    private static readonly ParameterNames Names = new(SqlHelper());

    [Fact]
    public void The_same_sequence_of_statements_gets_the_text_written_the_first_time()
    {
        var texts = new CommandTexts();
        var (update, insert) = ("UPDATE \"{{t}}\" SET a = {0} WHERE b = {1}", "INSERT INTO u (c) VALUES ({0})");

        var first = texts.For(Statements(update, 2, insert, 1), Names.For(3));
        var again = texts.For(Statements(update, 2, insert, 1), Names.For(3));

        Assert.Equal("-- Vectice.Organization\nUPDATE \"{t}\" SET a = @p0 WHERE b = @p1;\nINSERT INTO u (c) VALUES (@p2);\n", first);
        Assert.Same(first, again);
    }

    [Fact]
    public void Past_its_capacity_a_new_sequence_is_written_each_time_and_the_sequences_kept_stay_kept()
    {
        var texts = new CommandTexts();
        var kept = Enumerable.Range(0, CommandTexts.Capacity).Select(i => $"DELETE FROM t{i} WHERE a = {{0}}").ToList();
        var keptTexts = kept.ConvertAll(t => texts.For(Statements(t, 1), Names.For(1)));
        var late = "DELETE FROM late WHERE a = {0}";

        var first = texts.For(Statements(late, 1), Names.For(1));
        var again = texts.For(Statements(late, 1), Names.For(1));

        Assert.Equal("-- Vectice.Organization\nDELETE FROM late WHERE a = @p0;\n", again);
        Assert.Equal(first, again);
        Assert.NotSame(first, again);
        Assert.Same(keptTexts[0], texts.For(Statements(kept[0], 1), Names.For(1)));
    }

    [Fact]
    public void The_same_statements_with_other_numbers_of_values_get_a_text_of_their_own()
    {
        var texts = new CommandTexts();
        var (select, delete) = ("SELECT {0}", "DELETE FROM t WHERE a = {0}");

        var one = texts.For(Statements(select, 1, delete, 1), Names.For(2));
        var two = texts.For(Statements(select, 2, delete, 1), Names.For(3));

        Assert.Equal("-- Vectice.Organization\nSELECT @p0;\nDELETE FROM t WHERE a = @p1;\n", one);
        Assert.Equal("-- Vectice.Organization\nSELECT @p0;\nDELETE FROM t WHERE a = @p2;\n", two);
    }

    [Fact]
    public void A_sequence_longer_than_those_kept_is_written_each_time()
    {
        var texts = new CommandTexts();
        var insert = "INSERT INTO t (a) VALUES ({0})";
        var many = Enumerable.Range(0, CommandTexts.LongestKept + 1).SelectMany(_ => new object[] { insert, 1 }).ToArray();

        var first = texts.For(Statements(many), Names.For(CommandTexts.LongestKept + 1));
        var again = texts.For(Statements(many), Names.For(CommandTexts.LongestKept + 1));

        Assert.Equal(first, again);
        Assert.NotSame(first, again);
        Assert.EndsWith($"VALUES (@p{CommandTexts.LongestKept});\n", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_grow_to_as_many_as_a_command_has_parameters()
    {
        var names = Names.For(200);

        Assert.True(names.Names.Length >= 200);
        Assert.Equal("@p199", names.Names[199]);
        Assert.Equal("@p199", names.Placeholders[199]);
    }

    // Statements of the given formats, each with the given number of (unused) values.
    private static List<(string Sql, DbParameterValue[] Values, bool OneRow)> Statements(params object[] formatsAndCounts) =>
        [.. formatsAndCounts.Chunk(2).Select(p => ((string)p[0], new DbParameterValue[(int)p[1]], true))];

    private static ISqlGenerationHelper SqlHelper()
    {
        using var context = new DbContext(new DbContextOptionsBuilder().UseSqlite(new SqliteConnection("Data Source=:memory:")).Options);
        return context.GetService<ISqlGenerationHelper>();
    }
}
