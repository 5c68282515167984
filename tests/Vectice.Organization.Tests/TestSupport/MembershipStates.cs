namespace Vectice.Organization.Tests.TestSupport;

/// <summary>The inputs the rules' tables run over.</summary>
internal static class MembershipStates
{
    /// <summary>Every role in every status, and <see langword="null"/> for someone who is not a member.</summary>
    public static MembershipState?[] AllOrNone { get; } =
    [
        null,
        .. from role in Enum.GetValues<OrgRole>()
           from status in Enum.GetValues<MembershipStatus>()
           select (MembershipState?)new MembershipState(role, status),
    ];
}
