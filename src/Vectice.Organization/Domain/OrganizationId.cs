using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// Identifies an organization. Compared by Unicode code point (case-sensitive), the order every store lists them in.
/// </summary>
/// <remarks>
/// A value is 1 to <see cref="MaxLength"/> characters, has no control characters and does not
/// start or end with white space. <c>default(OrganizationId)</c> is not a valid identifier and is
/// refused by every API.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly record struct OrganizationId : IComparable<OrganizationId>, ISpanParsable<OrganizationId>
{
    /// <summary>The longest identifier accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 128;

    private readonly string? _value;

    /// <summary>Creates an identifier from the host's own organization key.</summary>
    /// <param name="value">The identifier text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, blank, padded, too long or has a control character.</exception>
    public OrganizationId(string value) => _value = Text.Require(value, MaxLength, nameof(value));

    // Text the parsers have already checked.
    private OrganizationId(string value, bool validated)
    {
        Debug.Assert(validated && Text.Problem(value, MaxLength) is null, "Only the parsers, after checking.");
        _value = value;
    }

    /// <summary>
    /// Reads an identifier from text that may not be one, such as a route value or a form field: no
    /// exception to catch. The text is kept as it is (not trimmed); the rules are the constructor's.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The identifier, or <see langword="default"/> when <paramref name="text"/> is not one.</param>
    /// <returns>Whether <paramref name="text"/> is a valid identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out OrganizationId id) => TryParse(text, null, out id);

    /// <inheritdoc cref="TryParse(string?, out OrganizationId)" />
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: an identifier does not depend on culture.</param>
    /// <param name="result">The identifier, or <see langword="default"/>.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out OrganizationId result)
    {
        result = s is not null && Text.Problem(s, MaxLength) is null ? new OrganizationId(s, validated: true) : default;
        return s is not null && !result.IsDefault;
    }

    /// <inheritdoc cref="TryParse(string?, out OrganizationId)" />
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: an identifier does not depend on culture.</param>
    /// <param name="result">The identifier, or <see langword="default"/>.</param>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out OrganizationId result)
    {
        result = Text.Problem(s, MaxLength) is null ? new OrganizationId(s.ToString(), validated: true) : default;
        return !result.IsDefault;
    }

    /// <summary>Reads an identifier from text, as the constructor does, but failing as parsing fails.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: an identifier does not depend on culture.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid identifier; the message says why.</exception>
    public static OrganizationId Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc cref="Parse(string, IFormatProvider?)" />
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: an identifier does not depend on culture.</param>
    public static OrganizationId Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(Text.Parse(s, MaxLength, nameof(OrganizationId)), validated: true);

    /// <summary>The identifier text.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(OrganizationId)</c>.</exception>
    public string Value => _value ?? throw new InvalidOperationException("default(OrganizationId) has no value.");

    /// <summary>Whether this is <c>default(OrganizationId)</c>, which no API accepts.</summary>
    public bool IsDefault => _value is null;

    /// <summary>
    /// Throws when <paramref name="argument"/> is <c>default(OrganizationId)</c>: the argument check every API
    /// makes, for a custom store or other extension to make the same way.
    /// </summary>
    /// <param name="argument">The argument to check.</param>
    /// <param name="paramName">The caller's parameter name; the compiler fills it in.</param>
    /// <exception cref="ArgumentException"><paramref name="argument"/> is default.</exception>
    public static void ThrowIfDefault(OrganizationId argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null) =>
        Guard.NotDefault(argument, paramName!);

    /// <inheritdoc />
    /// <remarks>By Unicode code point (the order of the UTF-8 bytes), the order in which every store lists ids.</remarks>
    public int CompareTo(OrganizationId other) => Text.CompareCodePoints(_value, other._value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two identifiers by Unicode code point.</summary>
    public static bool operator <(OrganizationId left, OrganizationId right) => left.CompareTo(right) < 0;

    /// <summary>Compares two identifiers by Unicode code point.</summary>
    public static bool operator >(OrganizationId left, OrganizationId right) => left.CompareTo(right) > 0;

    /// <summary>Compares two identifiers by Unicode code point.</summary>
    public static bool operator <=(OrganizationId left, OrganizationId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two identifiers by Unicode code point.</summary>
    public static bool operator >=(OrganizationId left, OrganizationId right) => left.CompareTo(right) >= 0;
}
