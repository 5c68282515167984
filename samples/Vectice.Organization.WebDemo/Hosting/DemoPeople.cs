namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>The demo organization and the people seeded into it: two Admins, two Members, two Viewers.</summary>
internal static class DemoPeople
{
    public static readonly OrganizationId Organization = new("acme");

    /// <summary>The people, each with the role they start with.</summary>
    public static readonly IReadOnlyList<(User User, OrgRole Role)> All =
    [
        (Person("ada", "Ada Lovelace"), OrgRole.Admin),
        (Person("alan", "Alan Turing"), OrgRole.Admin),
        (Person("grace", "Grace Hopper"), OrgRole.Member),
        (Person("katherine", "Katherine Johnson"), OrgRole.Member),
        (Person("linus", "Linus Torvalds"), OrgRole.Viewer),
        (Person("margaret", "Margaret Hamilton"), OrgRole.Viewer),
    ];

    /// <summary>The display name of a seeded person, or the id itself.</summary>
    public static string NameOf(UserId id) => All.FirstOrDefault(p => p.User.Id == id).User?.DisplayName ?? id.Value;

    private static User Person(string id, string name) => new(new UserId(id), $"{id}@acme.example", name);
}
