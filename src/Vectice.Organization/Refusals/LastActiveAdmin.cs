namespace Vectice.Organization;

/// <summary>The change would leave the organization with fewer active Admins than it must keep (one; two under four-eyes).</summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Target">The Admin the change would remove.</param>
/// <param name="Minimum">How many active Admins the organization must keep.</param>
public sealed record LastActiveAdmin(OrganizationId OrganizationId, UserId Target, int Minimum = 1) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.LastActiveAdmin;

    /// <inheritdoc />
    public override string Reason => Minimum <= 1
        ? $"User '{Target}' is the last active Admin of organization '{OrganizationId}'; an organization must keep at least one."
        : $"Organization '{OrganizationId}' must keep at least {Minimum} active Admins under four-eyes; removing '{Target}' would leave fewer.";
}
