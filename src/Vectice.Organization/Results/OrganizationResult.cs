using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="OrganizationDirectory.FindOrganizationAsync"/>: the organization (its
/// name, settings and version), or why the actor may not read it.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class OrganizationResult : OneOfBase<OrganizationInfo, OrganizationNotFound, NotAnActiveMember>, IOrganizationResult<OrganizationInfo>
{
    private OrganizationResult(OneOf<OrganizationInfo, OrganizationNotFound, NotAnActiveMember> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the organization, or the refusal.</summary>
    /// <param name="value">The organization, on success.</param>
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
    public static implicit operator OrganizationResult(OrganizationInfo value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator OrganizationResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator OrganizationResult(NotAnActiveMember value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static OrganizationResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveMember r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of OrganizationResult."),
    };
}
