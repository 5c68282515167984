namespace Vectice.Organization;

/// <summary>A confirmed change, as committed together with its audit entry.</summary>
/// <param name="PendingChange">The pending change, now <see cref="PendingChangeStatus.Applied"/>.</param>
/// <param name="Membership">The target's membership after the change.</param>
public sealed record AppliedChange(PendingChange PendingChange, Membership Membership);
