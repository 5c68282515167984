namespace Vectice.Organization;

/// <summary>
/// Under four-eyes an Admin cannot be added directly: add the user with another role, then request
/// the promotion, which another Admin confirms.
/// </summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Actor">The Admin who tried to add an Admin.</param>
public sealed record FourEyesRequired(OrganizationId OrganizationId, UserId Actor) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.FourEyesRequired;

    /// <inheritdoc />
    public override string Reason => $"Organization '{OrganizationId}' uses four-eyes: add the user as a Member, then request their promotion for another Admin to confirm.";
}
