namespace Vectice.Organization;

/// <summary>The user is already a member of the organization.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Target">The user asked for.</param>
public sealed record MemberAlreadyExists(OrganizationId OrganizationId, UserId Target) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.MemberAlreadyExists;

    /// <inheritdoc />
    public override string Reason => $"User '{Target}' is already a member of organization '{OrganizationId}'.";
}
