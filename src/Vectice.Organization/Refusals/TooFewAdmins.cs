namespace Vectice.Organization;

/// <summary>Four-eyes cannot be turned on, nor an organization created with it, while there are fewer than two active Admins.</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="ActiveAdmins">How many active Admins it has.</param>
/// <param name="Required">How many the settings would require.</param>
public sealed record TooFewAdmins(OrganizationId OrganizationId, int ActiveAdmins, int Required) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.TooFewAdmins;

    /// <inheritdoc />
    public override string Reason => $"Four-eyes needs at least {Required} active Admins; organization '{OrganizationId}' has {ActiveAdmins}.";
}
