namespace Vectice.Organization.EntityFrameworkCore.Entities;

/// <summary>The rows of one snapshot, read in one statement.</summary>
internal sealed class SnapshotRow
{
    public required OrganizationRow Organization { get; init; }

    public int ActiveAdmins { get; init; }

    public MembershipRow? Actor { get; init; }

    public MembershipRow? Target { get; init; }

    public PendingChangeRow? Pending { get; init; }

    public OrganizationSnapshot ToDomain() =>
        new(Organization.ToDomain(), Actor?.ToDomain(), Target?.ToDomain(), ActiveAdmins, Pending?.ToDomain());
}
