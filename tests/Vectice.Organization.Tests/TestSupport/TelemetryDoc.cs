using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>The tables of docs/telemetry.md, read as the tests compare them with the code.</summary>
internal static class TelemetryDoc
{
    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(RepositoryFiles.Path("docs/telemetry.md")));

    /// <summary>
    /// The rows of the first table under the heading <c>## <paramref name="heading"/></c>, each as its
    /// cells, trimmed; the header row and the separator row left out.
    /// </summary>
    public static IReadOnlyList<string[]> Table(string heading)
    {
        var lines = Lines.Value.SkipWhile(l => l != "## " + heading).Skip(1).ToList();
        Assert.True(lines.Count > 0, $"docs/telemetry.md has no heading '## {heading}'.");
        var table = lines
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        Assert.True(table.Count > 0, $"docs/telemetry.md has no table under '## {heading}'.");
        return table;
    }

    /// <summary>The first <c>`code`</c> of a cell, without its backticks; the cell itself when it has none.</summary>
    public static string Code(string cell)
    {
        var start = cell.IndexOf('`', StringComparison.Ordinal);
        var end = start < 0 ? -1 : cell.IndexOf('`', start + 1);
        return end < 0 ? cell : cell[(start + 1)..end];
    }

    /// <summary>Distinct and sorted ordinally, so that two lists of names compare as sets with a readable diff.</summary>
    public static IReadOnlyList<string> Sorted(IEnumerable<string?> names) => [.. names.Select(n => n ?? "(none)").Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The first column of a table, as codes.</summary>
    public static IReadOnlyList<string> Keys(string heading) => [.. Table(heading).Select(row => Code(row[0]))];
}
