using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="OrganizationDirectory.StreamAsync{T}"/>: the items of a list, read page by
/// page as they are enumerated, or why the actor may not read it.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class StreamResult<T> : OneOfBase<IAsyncEnumerable<T>, OrganizationNotFound, NotAnActiveMember, NotAnActiveAdmin, ConcurrencyConflict>, IOrganizationResult<IAsyncEnumerable<T>>
{
    private StreamResult(OneOf<IAsyncEnumerable<T>, OrganizationNotFound, NotAnActiveMember, NotAnActiveAdmin, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the items, or the refusal.</summary>
    /// <param name="value">The items, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out IAsyncEnumerable<T> value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<T> GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StreamResult<T>(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StreamResult<T>(NotAnActiveMember value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StreamResult<T>(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StreamResult<T>(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps the items (a conversion from an interface cannot be implicit).</summary>
    internal static StreamResult<T> FromItems(IAsyncEnumerable<T> items) =>
        new(OneOf<IAsyncEnumerable<T>, OrganizationNotFound, NotAnActiveMember, NotAnActiveAdmin, ConcurrencyConflict>.FromT0(items));

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static StreamResult<T> FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveMember r => r,
        NotAnActiveAdmin r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of StreamResult."),
    };
}
