namespace Vectice.Organization.EntityFrameworkCore.Entities;

/// <summary>An organization as stored; <see cref="Version"/> is the concurrency token.</summary>
internal sealed class OrganizationRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public bool MembersCanCreateWorkspaces { get; set; }

    public bool MembersCanInviteColleagues { get; set; }

    public FourEyesPolicy FourEyes { get; set; }

    public long Version { get; set; }

    public static OrganizationRow From(OrganizationInfo organization) => new()
    {
        Id = organization.Id.Value,
        Name = organization.Name,
        MembersCanCreateWorkspaces = organization.Settings.MembersCanCreateWorkspaces,
        MembersCanInviteColleagues = organization.Settings.MembersCanInviteColleagues,
        FourEyes = organization.Settings.FourEyes,
        Version = organization.Version,
    };

    public OrganizationInfo ToDomain() =>
        new(new OrganizationId(Id), Name, new OrganizationSettings(MembersCanCreateWorkspaces, MembersCanInviteColleagues, FourEyes), Version);
}
