using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of a settings change request (<see cref="OrganizationSettingsService.RequestChangeAsync"/>): the pending change, which another Admin confirms with <see cref="RoleChangeService.ConfirmAsync"/> (nothing applied yet), or why not.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class RequestSettingsChangeResult : OneOfBase<PendingChange, OrganizationNotFound, NotAnActiveAdmin, ConfirmationNotNeeded, ConcurrencyConflict>, IOrganizationResult<PendingChange>
{
    private RequestSettingsChangeResult(OneOf<PendingChange, OrganizationNotFound, NotAnActiveAdmin, ConfirmationNotNeeded, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the pending change, waiting for confirmation, or the refusal.</summary>
    /// <param name="value">The pending change, waiting for confirmation, on success.</param>
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
    public static implicit operator RequestSettingsChangeResult(PendingChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestSettingsChangeResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestSettingsChangeResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestSettingsChangeResult(ConfirmationNotNeeded value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestSettingsChangeResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static RequestSettingsChangeResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveAdmin r => r,
        ConfirmationNotNeeded r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of RequestSettingsChangeResult."),
    };
}
