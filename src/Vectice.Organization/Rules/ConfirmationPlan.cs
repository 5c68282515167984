namespace Vectice.Organization;

/// <summary>
/// What <see cref="MembershipRules.DecideConfirmation"/> decided: the refusal, or which write confirming
/// makes (<see cref="Write"/>) with everything it is made from, as read. A caller builds the commit from
/// the plan alone, without reading the snapshot or the change's fields again to tell the cases apart.
/// A struct of references: deciding allocates nothing.
/// </summary>
public readonly struct ConfirmationPlan
{
    private ConfirmationPlan(
        Refusal? refusal, ConfirmationWrite write, PendingChange? change, OrganizationInfo? organization, Membership? target, IReadOnlyDictionary<UserId, Membership>? members)
    {
        Refusal = refusal;
        Write = write;
        Change = change;
        Organization = organization;
        Target = target;
        Members = members;
    }

    /// <summary>Whether the change may be applied. <c>default(ConfirmationPlan)</c> is not accepted.</summary>
    public bool IsAccepted => Write != ConfirmationWrite.None;

    /// <summary>Why the change may not be applied; <see langword="null"/> when accepted.</summary>
    public Refusal? Refusal { get; }

    /// <summary>Which write confirming makes; <see cref="ConfirmationWrite.None"/> when refused.</summary>
    public ConfirmationWrite Write { get; }

    /// <summary>The pending change to apply, as read; <see langword="null"/> when refused.</summary>
    public PendingChange? Change { get; }

    /// <summary>The organization as read, whose version the commit expects; <see langword="null"/> when refused.</summary>
    public OrganizationInfo? Organization { get; }

    /// <summary>
    /// The change's target as read: the member who moves (<see cref="ConfirmationWrite.Member"/>), the
    /// first of a bulk change's, or a settings change's requester; <see langword="null"/> when refused.
    /// </summary>
    public Membership? Target { get; }

    /// <summary>For <see cref="ConfirmationWrite.Members"/>, each member's membership as read; otherwise <see langword="null"/>.</summary>
    public IReadOnlyDictionary<UserId, Membership>? Members { get; }

    internal static ConfirmationPlan Refuse(Refusal refusal) => new(refusal, ConfirmationWrite.None, null, null, null, null);

    internal static ConfirmationPlan Accept(ConfirmationWrite write, OrganizationSnapshot snapshot, IReadOnlyDictionary<UserId, Membership>? members = null) =>
        new(null, write, snapshot.PendingChange, snapshot.Organization, snapshot.Target, members);
}
