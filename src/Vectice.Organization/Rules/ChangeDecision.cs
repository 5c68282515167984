namespace Vectice.Organization;

/// <summary>
/// The outcome of a rule in <see cref="MembershipRules"/>: either accepted, with the state the
/// target moves from and to, or refused with a named <see cref="Refusal"/>.
/// </summary>
public readonly struct ChangeDecision
{
    private ChangeDecision(Refusal? refusal, MembershipState from, MembershipState to, bool accepted)
    {
        Refusal = refusal;
        From = from;
        To = to;
        IsAccepted = accepted;
    }

    /// <summary>Whether the change may happen. <c>default(ChangeDecision)</c> is not accepted.</summary>
    public bool IsAccepted { get; }

    /// <summary>Why the change may not happen; <see langword="null"/> when accepted.</summary>
    public Refusal? Refusal { get; }

    /// <summary>The target's state before the change (meaningful when accepted).</summary>
    public MembershipState From { get; }

    /// <summary>The target's state after the change (meaningful when accepted).</summary>
    public MembershipState To { get; }

    /// <summary>An accepted change from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The state before.</param>
    /// <param name="to">The state after.</param>
    /// <returns>The decision.</returns>
    public static ChangeDecision Accept(MembershipState from, MembershipState to) => new(null, from, to, accepted: true);

    /// <summary>A refused change.</summary>
    /// <param name="refusal">Why.</param>
    /// <returns>The decision.</returns>
    public static ChangeDecision Refuse(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(refusal, default, default, accepted: false);
    }

    /// <summary>Refuses with <paramref name="refusal"/> when it is not <see langword="null"/>.</summary>
    internal static bool TryRefuse(Refusal? refusal, out ChangeDecision decision)
    {
        decision = refusal is null ? default : Refuse(refusal);
        return refusal is not null;
    }
}
