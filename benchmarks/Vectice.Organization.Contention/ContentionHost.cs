using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Benchmarks;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Contention;

/// <summary>
/// One host process serving the writers, registered as a web host registers the SDK: its default
/// options, the EF Core stores, <c>AddDbContext</c> (a context per scope) or <c>AddDbContextPool</c>. Its organization has one
/// Admin per writer (writer i is <see cref="Admin"/>(i)), each toggling a member of its own
/// (<see cref="Member"/>(i)), so that writers race for the organization's version, never for a member.
/// </summary>
internal static class ContentionHost
{
    public static readonly OrganizationId Organization = new("contention");

    public static UserId Admin(int writer) => new($"admin-{writer}");

    public static UserId Member(int writer) => new($"member-{writer}");

    public static async Task<ServiceProvider> StartAsync(ContentionDatabase database, string connectionString, int writers, bool pooled)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddContext<OrganizationDbContext>(pooled, o => database.Use(o, connectionString));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.EnsureCreatedAsync();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        Check((await provisioning.CreateOrganizationAsync(Organization, "Contention", Profile(Admin(0)))).Refusal);
        for (var i = 0; i < writers; i++)
        {
            if (i > 0)
            {
                Check((await provisioning.AddMemberAsync(Admin(0), Organization, Profile(Admin(i)), OrgRole.Admin)).Refusal);
            }

            Check((await provisioning.AddMemberAsync(Admin(0), Organization, Profile(Member(i)), OrgRole.Member)).Refusal);
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
