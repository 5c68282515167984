using System.Diagnostics;
using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// Identifies an organization. Compared ordinally (case-sensitive).
/// </summary>
/// <remarks>
/// A value is 1 to <see cref="MaxLength"/> characters, has no control characters and does not
/// start or end with white space. <c>default(OrganizationId)</c> is not a valid identifier and is
/// refused by every API.
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly record struct OrganizationId : IComparable<OrganizationId>
{
    /// <summary>The longest identifier accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 128;

    private readonly string? _value;

    /// <summary>Creates an identifier from the host's own organization key.</summary>
    /// <param name="value">The identifier text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, blank, padded, too long or has a control character.</exception>
    public OrganizationId(string value) => _value = Text.Require(value, MaxLength, nameof(value));

    /// <summary>The identifier text.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(OrganizationId)</c>.</exception>
    public string Value => _value ?? throw new InvalidOperationException("default(OrganizationId) has no value.");

    /// <summary>Whether this is <c>default(OrganizationId)</c>, which no API accepts.</summary>
    public bool IsDefault => _value is null;

    /// <inheritdoc />
    public int CompareTo(OrganizationId other) => string.CompareOrdinal(_value, other._value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two identifiers ordinally.</summary>
    public static bool operator <(OrganizationId left, OrganizationId right) => left.CompareTo(right) < 0;

    /// <summary>Compares two identifiers ordinally.</summary>
    public static bool operator >(OrganizationId left, OrganizationId right) => left.CompareTo(right) > 0;

    /// <summary>Compares two identifiers ordinally.</summary>
    public static bool operator <=(OrganizationId left, OrganizationId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two identifiers ordinally.</summary>
    public static bool operator >=(OrganizationId left, OrganizationId right) => left.CompareTo(right) >= 0;
}
