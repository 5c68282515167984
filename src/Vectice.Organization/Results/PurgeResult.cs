using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="RoleChangeService.PurgeExpiredAsync"/>: how many expired pending changes were deleted, or why none were.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class PurgeResult : OneOfBase<int, OrganizationNotFound, NotAnActiveAdmin, ConcurrencyConflict>, IOrganizationResult<int>
{
    private PurgeResult(OneOf<int, OrganizationNotFound, NotAnActiveAdmin, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets how many changes were purged, or the refusal.</summary>
    /// <param name="value">How many were purged, on success; 0 otherwise.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue(out int value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : 0;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public int GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the success value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PurgeResult(int value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PurgeResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PurgeResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PurgeResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static PurgeResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveAdmin r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of PurgeResult."),
    };
}
