namespace Vectice.Organization.Testing;

internal static class OrganizationExtensions
{
    /// <summary>The organization as a commit decided on it stores it (the services' rule, for hand-made commits).</summary>
    public static OrganizationInfo NextVersionForTest(this OrganizationInfo organization) => organization with { Version = organization.Version + 1 };
}
