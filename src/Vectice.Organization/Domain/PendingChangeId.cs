using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// Identifies a pending change within its organization: the organization's id and a random version 4
/// GUID (122 random bits from the operating system's cryptographic generator), so it can be neither
/// guessed nor ordered. Carrying the organization lets a store find the change by organization, as it
/// finds everything else: every read and write of one organization is routed by its id.
/// </summary>
[DebuggerDisplay("{OrganizationId.Value,nq}/{Value}")]
public readonly record struct PendingChangeId : IComparable<PendingChangeId>
{
    /// <summary>Wraps an existing identifier, for example one read back from a store, or a route value and its organization.</summary>
    /// <param name="organizationId">The organization the change belongs to.</param>
    /// <param name="value">The change's GUID within it.</param>
    /// <exception cref="ArgumentException"><paramref name="organizationId"/> is default, or <paramref name="value"/> is <see cref="Guid.Empty"/>.</exception>
    public PendingChangeId(OrganizationId organizationId, Guid value)
    {
        Guard.NotDefault(organizationId, nameof(organizationId));
        if (value == Guid.Empty)
        {
            throw new ArgumentException("A pending change id must not be Guid.Empty.", nameof(value));
        }

        OrganizationId = organizationId;
        Value = value;
    }

    /// <summary>The organization the change belongs to.</summary>
    public OrganizationId OrganizationId { get; }

    /// <summary>The change's GUID, unique on its own; <see cref="ToString"/> gives its text form.</summary>
    public Guid Value { get; }

    /// <summary>Whether this is <c>default(PendingChangeId)</c>, which no API accepts.</summary>
    public bool IsDefault => Value == Guid.Empty;

    /// <summary>
    /// Throws when <paramref name="argument"/> is <c>default(PendingChangeId)</c>: the argument check every API
    /// makes, for a custom store or other extension to make the same way.
    /// </summary>
    /// <param name="argument">The argument to check.</param>
    /// <param name="paramName">The caller's parameter name; the compiler fills it in.</param>
    /// <exception cref="ArgumentException"><paramref name="argument"/> is default.</exception>
    public static void ThrowIfDefault(PendingChangeId argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null) =>
        Guard.NotDefault(argument, paramName!);

    /// <summary>Creates a new random identifier in <paramref name="organizationId"/> (version 4: 122 bits from the cryptographic generator).</summary>
    /// <param name="organizationId">The organization the change belongs to.</param>
    /// <returns>A fresh identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="organizationId"/> is default.</exception>
    public static PendingChangeId New(OrganizationId organizationId) => new(organizationId, RandomIds.Next());

    /// <summary>Parses the text form produced by <see cref="ToString"/>, for a change of <paramref name="organizationId"/>.</summary>
    /// <param name="organizationId">The organization the change belongs to (for example, from the same route).</param>
    /// <param name="text">The text to parse.</param>
    /// <param name="id">The identifier, when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a non-empty GUID and <paramref name="organizationId"/> is not default.</returns>
    public static bool TryParse(OrganizationId organizationId, [NotNullWhen(true)] string? text, out PendingChangeId id)
    {
        if (!organizationId.IsDefault && Guid.TryParse(text, out var value) && value != Guid.Empty)
        {
            id = new PendingChangeId(organizationId, value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>
    /// Orders identifiers by organization (ordinal), then as their GUIDs' text forms order (big-endian
    /// bytes), which is also how databases order UUIDs; keyset paging relies on every store agreeing on it.
    /// </summary>
    /// <param name="other">The identifier to compare with.</param>
    /// <returns>Less than zero, zero or more than zero, as this sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(PendingChangeId other)
    {
        var organization = OrganizationId.CompareTo(other.OrganizationId);
        if (organization != 0)
        {
            return organization;
        }

        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        Value.TryWriteBytes(left, bigEndian: true, out _);
        other.Value.TryWriteBytes(right, bigEndian: true, out _);
        return left.SequenceCompareTo(right);
    }

    /// <summary>The GUID's text form (<c>D</c>); the organization is not part of it.</summary>
    /// <returns>The text form.</returns>
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
