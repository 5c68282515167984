namespace Vectice.Organization;

/// <summary>The target is not a member of the organization.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Target">The user asked for.</param>
public sealed record MemberNotFound(OrganizationId OrganizationId, UserId Target) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.MemberNotFound;

    /// <inheritdoc />
    public override string Reason => $"User '{Target}' is not a member of organization '{OrganizationId}'.";
}
