using System.Text.RegularExpressions;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>The statements of a command as the tests read them: split on <c>;</c>, without the store's tag line.</summary>
public static partial class SqlStatements
{
    public static IEnumerable<string> Of(string commandText) =>
        commandText.Split(';').Select(static s => WithoutCommentLines(s).Trim());

    /// <summary>
    /// The statement a commit checks on the server (PostgreSQL, COMMIT in the same command: a CTE around it
    /// that fails when it touches no row); any other statement as it is.
    /// </summary>
    public static string Unchecked(string statement) =>
        Checked().Match(statement) is { Success: true } match ? match.Groups["statement"].Value : statement;

    /// <summary>Whether the command ends its transaction: COMMIT is its last statement.</summary>
    public static bool Commits(string commandText) =>
        Of(commandText).LastOrDefault(static s => s.Length > 0) is { } last && last.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);

    private static string WithoutCommentLines(string statement) =>
        string.Join('\n', statement.Split('\n').Where(static line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    [GeneratedRegex("^WITH w AS \\((?<statement>.*) RETURNING 1\\) SELECT CAST\\(CASE WHEN COUNT\\(\\*\\) = 1 THEN '1' ELSE '[^']*' END AS integer\\) FROM w$", RegexOptions.Singleline)]
    private static partial Regex Checked();
}
