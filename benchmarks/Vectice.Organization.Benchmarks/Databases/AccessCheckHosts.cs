using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// The service providers of the access-check benchmarks, registered as a host registers them
/// (<c>AddDbContext</c>, not pooled), each on a database of its own holding the same organization:
/// one active Admin and <see cref="Members"/> − 1 Members.
/// </summary>
internal static class AccessCheckHosts
{
    public const int Members = 100;
    public const string OrganizationKey = "acme";
    public const string AdminKey = "ada";

    public static readonly OrganizationId Organization = new(OrganizationKey);
    public static readonly UserId Admin = new(AdminKey);

    /// <summary>The SDK on its EF Core store, the organization created through <see cref="ProvisioningService"/>.</summary>
    public static ServiceProvider Vectice(BenchmarkDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<OrganizationDbContext>(o => database.Use(o));
        services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.EnsureCreated();
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        var created = provisioning.CreateOrganizationAsync(Organization, "Acme", new User(Admin, "ada@example.com", "Ada")).AsTask().GetAwaiter().GetResult();
        Check(created.IsSuccess, created.Refusal?.Reason);
        for (var i = 1; i < Members; i++)
        {
            var user = new User(new UserId(MemberKey(i)), $"{MemberKey(i)}@example.com", MemberKey(i));
            var added = provisioning.AddMemberAsync(Admin, Organization, user, OrgRole.Member).AsTask().GetAwaiter().GetResult();
            Check(added.IsSuccess, added.Refusal?.Reason);
        }

        return provider;
    }

    /// <summary>ASP.NET Core Identity 10 on its EF Core stores, the Admin in the role "Admin", the others in "Member".</summary>
    public static ServiceProvider Identity(BenchmarkDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityDbContext>(o => database.Use(o));
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<IdentityDbContext>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreated();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        Check(roles.CreateAsync(new IdentityRole("Admin")).GetAwaiter().GetResult());
        Check(roles.CreateAsync(new IdentityRole("Member")).GetAwaiter().GetResult());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        for (var i = 0; i < Members; i++)
        {
            var key = i == 0 ? AdminKey : MemberKey(i);
            var user = new IdentityUser(key) { Id = key, Email = $"{key}@example.com" };
            Check(users.CreateAsync(user).GetAwaiter().GetResult());
            Check(users.AddToRoleAsync(user, i == 0 ? "Admin" : "Member").GetAwaiter().GetResult());
        }

        return provider;
    }

    private static string MemberKey(int i) => $"m{i:D3}";

    private static void Check(IdentityResult result) =>
        Check(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    private static void Check(bool succeeded, string? reason)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException(reason);
        }
    }
}
