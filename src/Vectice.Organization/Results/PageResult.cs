using System.Diagnostics.CodeAnalysis;
using OneOf;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// The outcome of a list read: one page, or why the actor may not read it.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class PageResult<T> : OneOfBase<Page<T>, OrganizationNotFound, NotAnActiveMember, NotAnActiveAdmin, ConcurrencyConflict>, IOrganizationResult<Page<T>>
{
    private PageResult(OneOf<Page<T>, OrganizationNotFound, NotAnActiveMember, NotAnActiveAdmin, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the page, or the refusal.</summary>
    /// <param name="value">The page, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out Page<T> value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public Page<T> GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the success value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PageResult<T>(Page<T> value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PageResult<T>(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PageResult<T>(NotAnActiveMember value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PageResult<T>(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PageResult<T>(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static PageResult<T> FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveMember r => r,
        NotAnActiveAdmin r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of PageResult."),
    };
}
