namespace Vectice.Organization;

/// <summary>
/// An expected "no" from the SDK: a named reason why an operation did not happen. Nothing was
/// stored. Each kind is its own sealed type, so results can be matched exhaustively.
/// </summary>
public abstract record Refusal
{
    /// <summary>The kind of refusal.</summary>
    public abstract RefusalCode Code { get; }

    /// <summary>A sentence that says why, fit to show to the Admin who asked.</summary>
    public abstract string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Reason}";
}
