namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>The statements of a command as the tests read them: split on <c>;</c>, without the store's tag line.</summary>
public static class SqlStatements
{
    public static IEnumerable<string> Of(string commandText) =>
        commandText.Split(';').Select(static s => WithoutCommentLines(s).Trim());

    private static string WithoutCommentLines(string statement) =>
        string.Join('\n', statement.Split('\n').Where(static line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)));
}
