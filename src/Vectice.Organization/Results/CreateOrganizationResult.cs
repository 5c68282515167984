using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of creating an organization (<c>ProvisioningService.CreateOrganizationAsync</c>): the new organization, or why not.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class CreateOrganizationResult : OneOfBase<OrganizationInfo, OrganizationAlreadyExists, TooFewAdmins>, IOrganizationResult<OrganizationInfo>
{
    private CreateOrganizationResult(OneOf<OrganizationInfo, OrganizationAlreadyExists, TooFewAdmins> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the new organization, or the refusal.</summary>
    /// <param name="value">The new organization, on success.</param>
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
    public static implicit operator CreateOrganizationResult(OrganizationInfo value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CreateOrganizationResult(OrganizationAlreadyExists value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CreateOrganizationResult(TooFewAdmins value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static CreateOrganizationResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationAlreadyExists r => r,
        TooFewAdmins r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of CreateOrganizationResult."),
    };
}
