namespace Vectice.Organization.Internal;

/// <summary>Validation shared by identifiers, names and e-mail addresses.</summary>
internal static class Text
{
    /// <summary>
    /// Rejects null, empty, whitespace-only, over-long, padded and control-character values, and
    /// ill-formed UTF-16 (a lone surrogate). Padding is refused so that "admin" and "admin " can never
    /// be two different users; a lone surrogate because no database keeps it exactly (SQLite turns it
    /// into U+FFFD, so two ids would collide; PostgreSQL cannot encode it at all).
    /// </summary>
    public static string Require(string? value, int maxLength, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return Problem(value, maxLength) is { } problem ? throw new ArgumentException(problem, paramName) : value;
    }

    /// <summary>Why <paramref name="value"/> is not a valid text of at most <paramref name="maxLength"/> characters, or <see langword="null"/> when it is (see <see cref="Require"/>).</summary>
    public static string? Problem(ReadOnlySpan<char> value, int maxLength)
    {
        if (value.Length == 0)
        {
            return "The value must not be empty.";
        }

        if (value.Length > maxLength)
        {
            return $"The value must be at most {maxLength} characters long; it has {value.Length}.";
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return "The value must not be blank or start or end with white space.";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                return "The value must not contain control characters.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"The value is not well-formed UTF-16: a lone surrogate at index {i}, which no store can keep exactly.";
            }
        }

        return null;
    }

    /// <summary>The text of an identifier parsed from <paramref name="text"/>, or a <see cref="FormatException"/> saying why it is not one.</summary>
    public static string Parse(ReadOnlySpan<char> text, int maxLength, string typeName) =>
        Problem(text, maxLength) is { } problem ? throw new FormatException($"Not a valid {typeName}: {problem}") : text.ToString();

    /// <summary>
    /// Compares by Unicode code point, which is the order of the texts' UTF-8 bytes: the order SQLite's
    /// BINARY (in a UTF-8 database, EF Core's default) and PostgreSQL's "C" collations give, so every store
    /// lists ids alike. Ordinal UTF-16
    /// comparison differs from it above U+D7FF: a character written as a surrogate pair ("😀", U+1F600)
    /// would come before "Ａ" (U+FF21).
    /// </summary>
    public static int CompareCodePoints(string? left, string? right)
    {
        if (ReferenceEquals(left, right))
        {
            return 0;
        }

        if (left is null || right is null)
        {
            return left is null ? -1 : 1;
        }

        var common = left.AsSpan().CommonPrefixLength(right);
        if (common == left.Length || common == right.Length)
        {
            return left.Length - right.Length;
        }

        int x = left[common], y = right[common];
        if (x >= 0xD800 && y >= 0xD800)
        {
            // Surrogates (D800–DFFF) stand for code points above FFFF: move them above E000–FFFF.
            x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
            y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
        }

        return x - y;
    }

    public static string RequireEmail(string? value, string paramName)
    {
        Require(value, User.MaxEmailLength, paramName);
        var at = value!.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1 || value.IndexOf('@', at + 1) >= 0 || value.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("The value must be an e-mail address of the form local@domain, without white space.", paramName);
        }

        return value;
    }
}
