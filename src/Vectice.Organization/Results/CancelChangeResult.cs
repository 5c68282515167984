using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="RoleChangeService.CancelAsync"/>: the cancelled change, or why not.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class CancelChangeResult : OneOfBase<PendingChange, PendingChangeNotFound, NotAnActiveAdmin, PendingChangeClosed, ConcurrencyConflict>, IOrganizationResult<PendingChange>
{
    private CancelChangeResult(OneOf<PendingChange, PendingChangeNotFound, NotAnActiveAdmin, PendingChangeClosed, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the cancelled pending change, or the refusal.</summary>
    /// <param name="value">The cancelled pending change, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out PendingChange value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public PendingChange GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the success value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CancelChangeResult(PendingChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CancelChangeResult(PendingChangeNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CancelChangeResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CancelChangeResult(PendingChangeClosed value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CancelChangeResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static CancelChangeResult FromRefusal(Refusal refusal) => refusal switch
    {
        PendingChangeNotFound r => r,
        NotAnActiveAdmin r => r,
        PendingChangeClosed r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of CancelChangeResult."),
    };
}
