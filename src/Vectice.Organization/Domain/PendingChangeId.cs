using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// Identifies a pending change. New identifiers are random version 4 GUIDs (122 random bits from
/// the operating system's cryptographic generator), so they can be neither guessed nor ordered.
/// </summary>
[DebuggerDisplay("{Value}")]
public readonly record struct PendingChangeId : IComparable<PendingChangeId>
{
    /// <summary>Wraps an existing identifier, for example one read back from a store or a form.</summary>
    /// <param name="value">The identifier.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public PendingChangeId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("A pending change id must not be Guid.Empty.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The identifier.</summary>
    public Guid Value { get; }

    /// <summary>Whether this is <c>default(PendingChangeId)</c>, which no API accepts.</summary>
    public bool IsDefault => Value == Guid.Empty;

    /// <summary>Creates a new random identifier (version 4: 122 bits from the cryptographic generator).</summary>
    /// <returns>A fresh identifier.</returns>
    public static PendingChangeId New() => new(RandomIds.Next());

    /// <summary>Parses the text form produced by <see cref="ToString"/>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The identifier, when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a non-empty GUID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PendingChangeId id)
    {
        if (Guid.TryParse(text, out var value) && value != Guid.Empty)
        {
            id = new PendingChangeId(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>
    /// Orders identifiers as their text forms order (big-endian bytes), which is also how
    /// databases order UUIDs; keyset paging relies on every store agreeing on it.
    /// </summary>
    /// <param name="other">The identifier to compare with.</param>
    /// <returns>Less than zero, zero or more than zero, as this sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(PendingChangeId other)
    {
        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        Value.TryWriteBytes(left, bigEndian: true, out _);
        other.Value.TryWriteBytes(right, bigEndian: true, out _);
        return left.SequenceCompareTo(right);
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("D");

    /// <summary>Compares two identifiers (see <see cref="CompareTo"/>).</summary>
    public static bool operator <(PendingChangeId left, PendingChangeId right) => left.CompareTo(right) < 0;

    /// <summary>Compares two identifiers (see <see cref="CompareTo"/>).</summary>
    public static bool operator >(PendingChangeId left, PendingChangeId right) => left.CompareTo(right) > 0;

    /// <summary>Compares two identifiers (see <see cref="CompareTo"/>).</summary>
    public static bool operator <=(PendingChangeId left, PendingChangeId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two identifiers (see <see cref="CompareTo"/>).</summary>
    public static bool operator >=(PendingChangeId left, PendingChangeId right) => left.CompareTo(right) >= 0;
}
