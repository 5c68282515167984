namespace Vectice.Organization;

/// <summary>The change would leave the target as they are (same role, already deactivated, already active).</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Target">The member.</param>
/// <param name="Current">Their current role and status.</param>
public sealed record NoChange(OrganizationId OrganizationId, UserId Target, MembershipState Current) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.NoChange;

    /// <inheritdoc />
    public override string Reason => $"User '{Target}' is already {Current}; there is nothing to change.";
}
