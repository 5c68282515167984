namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>The demo organization and the people seeded into it: two Admins, two Members, two Viewers.</summary>
internal static class DemoPeople
{
    public static readonly OrganizationId Organization = new("acme");

    public static readonly IReadOnlyList<User> All =
    [
        Person("ada", "Ada Lovelace"),
        Person("alan", "Alan Turing"),
        Person("grace", "Grace Hopper"),
        Person("katherine", "Katherine Johnson"),
        Person("linus", "Linus Torvalds"),
        Person("margaret", "Margaret Hamilton"),
    ];

    /// <summary>The role each person starts with, in the order of <see cref="All"/>.</summary>
    public static readonly IReadOnlyList<OrgRole> SeededRoles =
        [OrgRole.Admin, OrgRole.Admin, OrgRole.Member, OrgRole.Member, OrgRole.Viewer, OrgRole.Viewer];

    /// <summary>The display name of a seeded person, or the id itself.</summary>
    public static string NameOf(UserId id) => All.FirstOrDefault(u => u.Id == id)?.DisplayName ?? id.Value;

    private static User Person(string id, string name) => new(new UserId(id), $"{id}@acme.example", name);
}
