namespace Vectice.Organization.Internal;

/// <summary>
/// Optional organization settings in one byte, for the records the in-memory store keeps for ever: an
/// <c>OrganizationSettings?</c> field takes 12 B, and a pending change and an audit entry have two each.
/// </summary>
internal static class PackedSettings
{
    private const byte HasValue = 0b1000_0000;
    private const byte CreateWorkspaces = 0b0000_0001;
    private const byte InviteColleagues = 0b0000_0010;
    private const int FourEyesShift = 2;

    /// <summary>The settings in a byte; 0 for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Their four-eyes policy is not a defined value.</exception>
    public static byte Pack(OrganizationSettings? settings, string paramName)
    {
        if (settings is not { } value)
        {
            return 0;
        }

        var fourEyes = Guard.Defined(value.FourEyes, paramName);
        return (byte)(HasValue
            | (value.MembersCanCreateWorkspaces ? CreateWorkspaces : 0)
            | (value.MembersCanInviteColleagues ? InviteColleagues : 0)
            | ((int)fourEyes << FourEyesShift));
    }

    /// <summary>The settings <see cref="Pack"/> made the byte of.</summary>
    public static OrganizationSettings? Unpack(byte packed) => (packed & HasValue) == 0
        ? null
        : new OrganizationSettings(
            (packed & CreateWorkspaces) != 0,
            (packed & InviteColleagues) != 0,
            (FourEyesPolicy)((packed & ~HasValue) >> FourEyesShift));
}
