namespace Vectice.Organization;

/// <summary>An organization with this identifier already exists.</summary>
/// <param name="OrganizationId">The identifier asked for.</param>
public sealed record OrganizationAlreadyExists(OrganizationId OrganizationId) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.OrganizationAlreadyExists;

    /// <inheritdoc />
    public override string Reason => $"An organization with id '{OrganizationId}' already exists.";
}
