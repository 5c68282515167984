using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="RoleChangeService.ConfirmAsync"/>: the applied change, or why nothing was applied.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class ConfirmChangeResult : OneOfBase<AppliedChange, PendingChangeNotFound, NotAnActiveAdmin, PendingChangeClosed, PendingChangeExpired, ConfirmerNotAllowed, StaleChange, LastActiveAdmin, ConcurrencyConflict>, IOrganizationResult<AppliedChange>
{
    private ConfirmChangeResult(OneOf<AppliedChange, PendingChangeNotFound, NotAnActiveAdmin, PendingChangeClosed, PendingChangeExpired, ConfirmerNotAllowed, StaleChange, LastActiveAdmin, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the applied change, or the refusal.</summary>
    /// <param name="value">The applied change, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out AppliedChange value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public AppliedChange GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the success value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(AppliedChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(PendingChangeNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(PendingChangeClosed value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(PendingChangeExpired value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(ConfirmerNotAllowed value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(StaleChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(LastActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ConfirmChangeResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static ConfirmChangeResult FromRefusal(Refusal refusal) => refusal switch
    {
        PendingChangeNotFound r => r,
        NotAnActiveAdmin r => r,
        PendingChangeClosed r => r,
        PendingChangeExpired r => r,
        ConfirmerNotAllowed r => r,
        StaleChange r => r,
        LastActiveAdmin r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of ConfirmChangeResult."),
    };
}
