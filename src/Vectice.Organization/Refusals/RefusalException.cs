namespace Vectice.Organization;

/// <summary>
/// A refusal as an exception, where a result cannot carry it or its caller treats it as a failure: an
/// audit stream whose reader loses the right to read between two pages (nothing was read past the
/// refusal), or <see cref="IOrganizationResult{TValue}.GetValueOrThrow"/> on a refused operation
/// (nothing was stored). <see cref="Refusal"/> says why; the message is its reason.
/// </summary>
#pragma warning disable CA1032 // A refusal is required: the parameterless and message-only constructors would carry none.
public sealed class RefusalException : Exception
#pragma warning restore CA1032
{
    /// <summary>Creates the exception.</summary>
    /// <param name="refusal">Why the operation stopped.</param>
    public RefusalException(Refusal refusal)
        : base((refusal ?? throw new ArgumentNullException(nameof(refusal))).Reason) => Refusal = refusal;

    /// <summary>Why the operation stopped.</summary>
    public Refusal Refusal { get; }
}
