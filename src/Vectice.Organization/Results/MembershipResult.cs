using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="OrganizationDirectory.FindMemberAsync"/>: the member (their profile,
/// role and status), or why the actor may not read them.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class MembershipResult : OneOfBase<Membership, OrganizationNotFound, NotAnActiveMember, MemberNotFound>, IOrganizationResult<Membership>
{
    private MembershipResult(OneOf<Membership, OrganizationNotFound, NotAnActiveMember, MemberNotFound> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the member, or the refusal.</summary>
    /// <param name="value">The member, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out Membership value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public Membership GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the success value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator MembershipResult(Membership value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator MembershipResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator MembershipResult(NotAnActiveMember value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator MembershipResult(MemberNotFound value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static MembershipResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveMember r => r,
        MemberNotFound r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of MembershipResult."),
    };
}
