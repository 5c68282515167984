using System.Diagnostics.CodeAnalysis;
using OneOf;

namespace Vectice.Organization;

/// <summary>
/// The outcome of <see cref="OrganizationDirectory.StreamAuditEntriesAsync"/>: the entries, read page by page as they are enumerated, or why the actor may not read them.
/// Match every case with <c>Match</c>/<c>Switch</c>, or use the shape every result shares (<see cref="IOrganizationResult{TValue}"/>).
/// </summary>
public sealed class AuditStreamResult : OneOfBase<IAsyncEnumerable<AuditEntry>, OrganizationNotFound, NotAnActiveAdmin, ConcurrencyConflict>, IOrganizationResult<IAsyncEnumerable<AuditEntry>>
{
    private AuditStreamResult(OneOf<IAsyncEnumerable<AuditEntry>, OrganizationNotFound, NotAnActiveAdmin, ConcurrencyConflict> value)
        : base(value)
    {
    }

    /// <summary>Whether the operation succeeded.</summary>
    public bool IsSuccess => IsT0;

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    public Refusal? Refusal => IsT0 ? null : (Refusal)Value;

    /// <summary>Gets the entries, or the refusal.</summary>
    /// <param name="value">The entries, on success.</param>
    /// <param name="refusal">Why not, otherwise.</param>
    /// <returns>Whether the operation succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out IAsyncEnumerable<AuditEntry> value, [NotNullWhen(false)] out Refusal? refusal)
    {
        value = IsT0 ? AsT0 : default;
        refusal = Refusal;
        return IsT0;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AuditEntry> GetValueOrThrow() => IsT0 ? AsT0 : throw new RefusalException((Refusal)Value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator AuditStreamResult(OrganizationNotFound value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator AuditStreamResult(NotAnActiveAdmin value) => new(value);

    /// <summary>Wraps the refusal.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator AuditStreamResult(ConcurrencyConflict value) => new(value);

    /// <summary>Wraps the entries (a conversion from an interface cannot be implicit).</summary>
    internal static AuditStreamResult FromEntries(IAsyncEnumerable<AuditEntry> entries) =>
        new(OneOf<IAsyncEnumerable<AuditEntry>, OrganizationNotFound, NotAnActiveAdmin, ConcurrencyConflict>.FromT0(entries));

    /// <summary>Wraps a refusal returned by a rule.</summary>
    internal static AuditStreamResult FromRefusal(Refusal refusal) => refusal switch
    {
        OrganizationNotFound r => r,
        NotAnActiveAdmin r => r,
        ConcurrencyConflict r => r,
        _ => throw new InvalidOperationException($"{refusal.Code} is not an outcome of AuditStreamResult."),
    };
}
