using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="OrganizationDirectory.FindPendingChangeAsync"/>: the change, in whatever
/// status it is now, or why the actor may not read it.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class PendingChangeResult : OneOfBase<PendingChange, PendingChangeNotFound, NotAnActiveAdmin>, IOrganizationResult<PendingChange>
{
    private PendingChangeResult(OneOf<PendingChange, PendingChangeNotFound, NotAnActiveAdmin> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the pending change, or the refusal.</summary>
    /// <param name="value">The pending change, on success.</param>
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
    public static implicit operator PendingChangeResult(PendingChange value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PendingChangeResult(PendingChangeNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator PendingChangeResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static PendingChangeResult FromRefusal(Refusal refusal) => refusal switch
    {
        PendingChangeNotFound r => r,
        NotAnActiveAdmin r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of PendingChangeResult."),
    };
}
