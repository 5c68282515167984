namespace Vectice.Organization;

/// <summary>
/// The outcome of a request's rule in <see cref="MembershipRules"/>, the pending change to store: either
/// accepted, with the state the target moves from and to (for a bulk request, every member with the state
/// each moves from), or refused with a named <see cref="Refusal"/>.
/// </summary>
public readonly struct ChangeDecision
{
    private ChangeDecision(Refusal? refusal, MembershipState from, MembershipState to, bool accepted, IReadOnlyList<MemberTransition>? members = null)
    {
        Refusal = refusal;
        From = from;
        To = to;
        IsAccepted = accepted;
        Members = members;
    }

    /// <summary>Whether the change may happen. <c>default(ChangeDecision)</c> is not accepted.</summary>
    public bool IsAccepted { get; }

    /// <summary>Why the change may not happen; <see langword="null"/> when accepted.</summary>
    public Refusal? Refusal { get; }

    /// <summary>The target's state before the change (meaningful when accepted).</summary>
    public MembershipState From { get; }

    /// <summary>The target's state after the change (meaningful when accepted); for a bulk request, every member's.</summary>
    public MembershipState To { get; }

    /// <summary>
    /// For an accepted bulk request, every member it moves with the state each moves from, in the order
    /// asked (<see cref="From"/> is the first's); otherwise <see langword="null"/>.
    /// </summary>
    public IReadOnlyList<MemberTransition>? Members { get; }

    /// <summary>An accepted change from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The state before.</param>
    /// <param name="to">The state after.</param>
    /// <returns>The decision.</returns>
    public static ChangeDecision Accept(MembershipState from, MembershipState to) => new(null, from, to, accepted: true);

    /// <summary>An accepted bulk change: each of <paramref name="members"/> (at least one, kept as given) moves from its state to <paramref name="to"/>.</summary>
    internal static ChangeDecision Accept(MemberTransition[] members, MembershipState to) => new(null, members[0].From, to, accepted: true, members);

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
