using System.Diagnostics.CodeAnalysis;

namespace Vectice.Organization;

/// <summary>
/// The shape every result of the SDK shares, whatever the operation: it succeeded with a value, or a
/// <see cref="Organization.Refusal"/> says why not. Code that only needs the value, or only the
/// reason, can handle every result type the same way; <c>Match</c>/<c>Switch</c> on the result type
/// itself stay for handling each refusal by name, checked by the compiler.
/// </summary>
/// <typeparam name="TValue">What the operation gives back on success.</typeparam>
public interface IOrganizationResult<TValue>
{
    /// <summary>Whether the operation succeeded.</summary>
    bool IsSuccess { get; }

    /// <summary>Why the operation did not happen; <see langword="null"/> on success.</summary>
    Refusal? Refusal { get; }

    /// <summary>Gets the value, or the refusal.</summary>
    /// <param name="value">The value, on success; <see langword="default"/> otherwise.</param>
    /// <param name="refusal">Why not, otherwise; <see langword="null"/> on success.</param>
    /// <returns>Whether the operation succeeded.</returns>
    bool TryGetValue([MaybeNullWhen(false)] out TValue value, [NotNullWhen(false)] out Refusal? refusal);

    /// <summary>
    /// Gets the value, for a caller to whom a refusal is a failure: a test, a seeding script, a step
    /// that a previous check already made safe. A refusal becomes a <see cref="RefusalException"/>
    /// whose message is the refusal's reason, so the failure says why rather than "not a T0".
    /// </summary>
    /// <returns>The value.</returns>
    /// <exception cref="RefusalException">The operation was refused; <see cref="RefusalException.Refusal"/> says why.</exception>
    TValue GetValueOrThrow();
}
