namespace Vectice.Organization;

/// <summary>
/// What <see cref="MembershipRules.DecideConfirmation"/> decided: the refusal, or which write confirming
/// makes (<see cref="Write"/>). The SDK's confirm builds its commit from the plan, which also carries,
/// for it, the change, the organization, the target and the members as read, so that it neither reads
/// the snapshot again nor tells the cases apart a second time. A struct: for a single change, deciding
/// allocates nothing (<c>MembershipRulesAllocationTests</c>).
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

    /// <summary>Why the change may not be applied; <see langword="null"/> when accepted, and in <c>default(ConfirmationPlan)</c>.</summary>
    public Refusal? Refusal { get; }

    /// <summary>Which write confirming makes; <see cref="ConfirmationWrite.None"/> when refused.</summary>
    public ConfirmationWrite Write { get; }

    /// <summary>The pending change to apply, as read; set when accepted.</summary>
    internal PendingChange? Change { get; }

    /// <summary>The organization as read, whose version the commit expects; set when accepted.</summary>
    internal OrganizationInfo? Organization { get; }

    /// <summary>The change's target as read (for a settings change, its requester); set when accepted.</summary>
    internal Membership? Target { get; }

    /// <summary>For <see cref="ConfirmationWrite.Members"/>, each member's membership as read; otherwise <see langword="null"/>.</summary>
    internal IReadOnlyDictionary<UserId, Membership>? Members { get; }

    internal static ConfirmationPlan Refuse(Refusal refusal) => new(refusal, ConfirmationWrite.None, null, null, null, null);

    internal static ConfirmationPlan Accept(ConfirmationWrite write, OrganizationSnapshot snapshot, IReadOnlyDictionary<UserId, Membership>? members = null) =>
        new(null, write, snapshot.PendingChange, snapshot.Organization, snapshot.Target, members);
}
