using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Benchmarks;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Contention;

/// <summary>
/// One host process serving the writers, registered as a web host registers the SDK: its default
/// options, the EF Core stores, <c>AddDbContext</c> (a context per scope) or <c>AddDbContextPool</c>. Its organizations
/// (one unless asked for more) have one Admin per writer (writer i is <see cref="Admin"/>(i), in organization
/// <see cref="OrganizationOf"/>(i)), each toggling a member of its own (<see cref="Member"/>(i)), so that writers race
/// for their organization's version, never for a member.
/// </summary>
internal static class ContentionHost
{
    public static UserId Admin(int writer) => new($"admin-{writer}");

    public static UserId Member(int writer) => new($"member-{writer}");

    /// <summary>The organization of writer <paramref name="writer"/> among <paramref name="organizations"/>: the first is "contention".</summary>
    public static OrganizationId OrganizationOf(int writer, int organizations) =>
        writer % organizations == 0 ? new("contention") : new($"contention-{writer % organizations}");

    public static async Task<ServiceProvider> StartAsync(ContentionDatabase database, string connectionString, int writers, int organizations, bool pooled)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddContext<OrganizationDbContext>(pooled, o => database.Use(o, connectionString));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.EnsureCreatedAsync();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        for (var i = 0; i < writers; i++)
        {
            // Writer i < organizations creates its organization: its first Admin.
            var organization = OrganizationOf(i, organizations);
            Check(i < organizations
                ? (await provisioning.CreateOrganizationAsync(organization, "Contention", Profile(Admin(i)))).Refusal
                : (await provisioning.AddMemberAsync(Admin(i % organizations), organization, Profile(Admin(i)), OrgRole.Admin)).Refusal);
            Check((await provisioning.AddMemberAsync(Admin(i % organizations), organization, Profile(Member(i)), OrgRole.Member)).Refusal);
        }

        return provider;
    }

    private static User Profile(UserId id) => new(id, $"{id.Value}@example.com", id.Value);

    private static void Check(Refusal? refusal)
    {
        if (refusal is not null)
        {
            throw new InvalidOperationException($"Seeding failed: {refusal}");
        }
    }
}
