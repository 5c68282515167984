namespace Vectice.Organization;

/// <summary>
/// A refusal where no result can carry it: an audit stream whose reader loses the right to read
/// between two pages. <see cref="Refusal"/> says why; nothing was read past the refusal.
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
