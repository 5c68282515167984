namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>One of the SQL scripts that <see cref="OrganizationSchema"/> gives: its name and its text.</summary>
public sealed class OrganizationSchemaScript
{
    internal OrganizationSchemaScript(string name, string sql)
    {
        Name = name;
        Sql = sql;
    }

    /// <summary>The name the changelog and the docs give the script, such as <c>add-four-eyes-columns</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The SQL, for the default table prefix and schema. Its opening comment says which database it
    /// applies to; it runs as one command (it holds its own transaction where it needs one).
    /// </summary>
    public string Sql { get; }
}
