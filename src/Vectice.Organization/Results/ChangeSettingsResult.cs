using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="OrganizationSettingsService.ChangeAsync"/>: the organization with its new settings, or why not.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class ChangeSettingsResult : OneOfBase<OrganizationInfo, OrganizationNotFound, NotAnActiveAdmin, TooFewAdmins, ConcurrencyConflict, FourEyesRequired>, IOrganizationResult<OrganizationInfo>
{
    private ChangeSettingsResult(OneOf<OrganizationInfo, OrganizationNotFound, NotAnActiveAdmin, TooFewAdmins, ConcurrencyConflict, FourEyesRequired> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the organization with its new settings, or the refusal.</summary>
    /// <param name="value">The organization with its new settings, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out OrganizationInfo value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public OrganizationInfo GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the success value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ChangeSettingsResult(OrganizationInfo value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ChangeSettingsResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ChangeSettingsResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ChangeSettingsResult(TooFewAdmins value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ChangeSettingsResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ChangeSettingsResult(FourEyesRequired value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static ChangeSettingsResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveAdmin r => r,
        TooFewAdmins r => r,
        ConcurrencyConflict r => r,
        FourEyesRequired r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of ChangeSettingsResult."),
    };
}
