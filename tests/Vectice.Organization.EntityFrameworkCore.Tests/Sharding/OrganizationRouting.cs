using System.Text.RegularExpressions;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Sharding;

/// <summary>
/// Whether one SQL statement can go to the one shard that holds its organization, once the tables are
/// distributed by organization id: an INSERT writes its organization column; in any other statement, every
/// reference to one of the SDK's tables (a subquery's and a join's too) is pinned to an organization given as a
/// parameter, by its own organization key (the organizations' <c>"Id"</c>, another table's
/// <c>"OrganizationId"</c>) compared with that parameter, or equal to the key of a reference so pinned. An
/// organization key in a SET clause pins nothing, and a statement with OR, a comma join, USING, or an INSERT
/// that selects is refused. A check by patterns, not a parser of SQL: it does not tell a WHERE from an outer
/// join's ON or a CASE in the select list, which the store's statements use only as the SDK writes them
/// (<see cref="OrganizationRoutingTests"/> lists what it refuses).
/// </summary>
internal static partial class OrganizationRouting
{
    /// <summary>Whether the statement reads or writes one of the SDK's tables (<c>pg_notify</c> and SQLite's busy timeout touch none).</summary>
    public static bool Touches(string statement) => Tables().IsMatch(statement);

    public static bool IsRouted(string statement)
    {
        if (statement.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
        {
            return InsertsOrganization().IsMatch(statement) && !Selects().IsMatch(statement);
        }

        if (Unroutable().IsMatch(statement))
        {
            return false;
        }

        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match reference in TableReference().Matches(statement))
        {
            var table = reference.Groups["table"].Value;
            var alias = reference.Groups["alias"] is { Success: true } named ? Unquoted(named.Value) : "Vectice" + table;
            if (!tables.TryAdd(alias, table))
            {
                return false; // Two references by one name: which one a comparison pins cannot be told.
            }
        }

        var comparisons = WithoutSetClause(statement);
        var pinned = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match comparison in KeyWithParameter().Matches(comparisons))
        {
            if (KeyOf(tables, comparison.Groups["alias"], comparison.Groups["column"].Value) is { } alias)
            {
                pinned.Add(alias);
            }
        }

        var joins = KeyEqualsKey().Matches(comparisons)
            .Select(join => (Left: KeyOf(tables, join.Groups["left"], join.Groups["leftColumn"].Value), Right: KeyOf(tables, join.Groups["right"], join.Groups["rightColumn"].Value)))
            .Where(join => join is { Left: not null, Right: not null })
            .ToList();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (left, right) in joins)
            {
                grew |= pinned.Contains(left!) ? pinned.Add(right!) : pinned.Contains(right!) && pinned.Add(left!);
            }
        }

        return tables.Count > 0 && tables.Keys.All(pinned.Contains);
    }

    // The reference a column names, if the column is that reference's organization key. An unqualified column
    // belongs to the statement's one table; in a statement of several, the SDK and EF Core qualify every column.
    private static string? KeyOf(Dictionary<string, string> tables, Group qualifier, string column)
    {
        var alias = qualifier.Success ? Unquoted(qualifier.Value) : tables.Count == 1 ? tables.Keys.Single() : null;
        return alias is not null && tables.TryGetValue(alias, out var table) && column == (table == "Organizations" ? "Id" : "OrganizationId") ? alias : null;
    }

    private static string Unquoted(string identifier) => identifier.Trim('"');

    // An UPDATE's SET clause, up to its own WHERE (not a subquery's), assigns: what it names is not compared.
    private static string WithoutSetClause(string statement)
    {
        if (!statement.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || SetKeyword().Match(statement) is not { Success: true } set)
        {
            return statement;
        }

        var depth = 0;
        for (var i = set.Index; i < statement.Length; i++)
        {
            depth += statement[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0 && string.Compare(statement, i, "WHERE", 0, 5, StringComparison.OrdinalIgnoreCase) == 0 && char.IsWhiteSpace(statement[i - 1]))
            {
                return statement[..set.Index] + " " + statement[i..];
            }
        }

        return statement[..set.Index];
    }

    [GeneratedRegex("\"Vectice(Organizations|Memberships|PendingChanges|AuditEntries)\"")]
    private static partial Regex Tables();

    // The column list names the organization: "Id" for the organizations, "OrganizationId" for any other table.
    [GeneratedRegex("^INSERT INTO \"Vectice(Organizations\" \\(\"Id\"|\\w+\" \\([^)]*\"OrganizationId\")")]
    private static partial Regex InsertsOrganization();

    [GeneratedRegex("\\bSELECT\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Selects();

    // What this check cannot follow: a disjunction, a comma join, a join USING columns.
    [GeneratedRegex("\\b(OR|USING)\\b|\"Vectice\\w+\"(\\s+(AS\\s+)?\"?\\w+\"?)?\\s*,\\s*\"Vectice", RegexOptions.IgnoreCase)]
    private static partial Regex Unroutable();

    [GeneratedRegex("\\sSET\\s", RegexOptions.IgnoreCase)]
    private static partial Regex SetKeyword();

    // One of the SDK's tables after FROM (a DELETE's too), JOIN or UPDATE, and its alias if it has one.
    [GeneratedRegex("(?:FROM|JOIN|UPDATE)\\s+\"Vectice(?<table>Organizations|Memberships|PendingChanges|AuditEntries)\"(?:\\s+(?:AS\\s+)?(?!(?:WHERE|SET|ON|LEFT|RIGHT|FULL|CROSS|INNER|JOIN|USING|RETURNING|ORDER|LIMIT|FOR|GROUP)\\b)(?<alias>\"?\\w+\"?))?", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    // A key compared with parameters only: k = @p, k = $1, k IN (@p, ...), k = ANY (@p), and SQLite's list
    // parameter k IN (SELECT … FROM json_each(@p)); not k IN (SELECT … FROM a table), whose table is checked apart.
    [GeneratedRegex("(?:(?<alias>\"?\\w+\"?)\\.)?\"(?<column>OrganizationId|Id)\"\\s*(?:=\\s*(?:@|\\$)|IN\\s*\\(\\s*(?:@|\\$|SELECT\\s[^()]*\\bjson_each\\(\\s*@)|=\\s*ANY\\s*\\(\\s*(?:@|\\$))")]
    private static partial Regex KeyWithParameter();

    // Two qualified keys equal to each other: a join on the organization.
    [GeneratedRegex("(?<left>\"?\\w+\"?)\\.\"(?<leftColumn>OrganizationId|Id)\"\\s*=\\s*(?<right>\"?\\w+\"?)\\.\"(?<rightColumn>OrganizationId|Id)\"")]
    private static partial Regex KeyEqualsKey();
}
