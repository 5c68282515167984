namespace Vectice.Organization;

/// <summary>The target is deactivated; their role cannot change until they are reactivated.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Target">The member.</param>
public sealed record TargetDeactivated(OrganizationId OrganizationId, UserId Target) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.TargetDeactivated;

    /// <inheritdoc />
    public override string Reason => $"User '{Target}' is deactivated; reactivate them before changing their role.";
}
