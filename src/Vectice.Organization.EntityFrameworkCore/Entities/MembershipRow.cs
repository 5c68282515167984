namespace Vectice.Organization.EntityFrameworkCore.Entities;

/// <summary>A membership as stored, with the member's profile in this organization.</summary>
internal sealed class MembershipRow
{
    public required string OrganizationId { get; set; }

    public required string UserId { get; set; }

    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public OrgRole Role { get; set; }

    public MembershipStatus Status { get; set; }

    public static MembershipRow From(Membership membership) => new()
    {
        OrganizationId = membership.OrganizationId.Value,
        UserId = membership.UserId.Value,
        Email = membership.User.Email,
        DisplayName = membership.User.DisplayName,
        Role = membership.Role,
        Status = membership.Status,
    };

    public Membership ToDomain() =>
        new(new OrganizationId(OrganizationId), new User(new UserId(UserId), Email, DisplayName), Role, Status);
}
