using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of a change request: the pending change (nothing applied yet), or why not.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class RequestChangeResult : OneOfBase<PendingChange, OrganizationNotFound, NotAnActiveAdmin, MemberNotFound, NoChange, TargetDeactivated, LastActiveAdmin, BulkChangeRefused, ConcurrencyConflict>, IOrganizationResult<PendingChange>
{
    private RequestChangeResult(OneOf<PendingChange, OrganizationNotFound, NotAnActiveAdmin, MemberNotFound, NoChange, TargetDeactivated, LastActiveAdmin, BulkChangeRefused, ConcurrencyConflict> value)
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
    public static implicit operator RequestChangeResult(PendingChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(MemberNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(NoChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(TargetDeactivated value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(LastActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(BulkChangeRefused value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator RequestChangeResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static RequestChangeResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveAdmin r => r,
        MemberNotFound r => r,
        NoChange r => r,
        TargetDeactivated r => r,
        LastActiveAdmin r => r,
        BulkChangeRefused r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of RequestChangeResult."),
    };
}
