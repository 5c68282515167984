namespace Vectice.Organization;

/// <summary>The actor's membership of the organization is deactivated, so they may not even read it.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Actor">The user who tried to read.</param>
public sealed record NotAnActiveMember(OrganizationId OrganizationId, UserId Actor) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.NotAnActiveMember;

    /// <inheritdoc />
    public override string Reason => $"User '{Actor}' is deactivated in organization '{OrganizationId}'.";
}
