namespace Vectice.Organization;

/// <summary>Whether a member may use the organization at all.</summary>
/// <remarks>There is no zero value: <c>default(MembershipStatus)</c> is undefined and refused.</remarks>
public enum MembershipStatus
{
    /// <summary>The member has the permissions of their role.</summary>
    Active = 1,

    /// <summary>The member keeps their role on record but has no permissions and cannot act.</summary>
    Deactivated = 2,
}
