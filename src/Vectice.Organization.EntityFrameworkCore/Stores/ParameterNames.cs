using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The names of a command's parameters (p0, p1, …) in the provider's spelling, made once per model
/// instead of on every command. Named with their prefix (@p0), so that SQLite binds each at once
/// instead of trying each prefix in turn, for every statement.
/// </summary>
internal sealed class ParameterNames(ISqlGenerationHelper sql)
{
    private Spellings _names = new([], []);

    /// <summary>At least <paramref name="count"/> names, and their placeholders in a command's text.</summary>
    public Spellings For(int count)
    {
        var names = _names;
        if (names.Names.Length < count)
        {
            // Two threads may both grow it, and the smaller array may be the one kept: each uses its own, long enough for it.
            var size = Math.Max(count, names.Names.Length * 2);
            var raw = Enumerable.Range(0, size).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            _names = names = new Spellings([.. raw.Select(sql.GenerateParameterName)], [.. raw.Select(object (name) => sql.GenerateParameterNamePlaceholder(name))]);
        }

        return names;
    }

    /// <summary>Parameter names and, at the same index, their placeholders (objects: the arguments of a composite format).</summary>
    public sealed record Spellings(string[] Names, object[] Placeholders);
}
