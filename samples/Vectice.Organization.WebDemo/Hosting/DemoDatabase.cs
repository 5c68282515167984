using Microsoft.EntityFrameworkCore;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>Creates the SQLite database at first start and seeds the demo organization once.</summary>
internal static class DemoDatabase
{
    public static async Task EnsureSeededAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<OrganizationDbContext>();
        if (await context.Database.EnsureCreatedAsync(cancellationToken))
        {
            // WAL lets page reads go on while a confirm commits.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        var founder = DemoPeople.All[0].User;
        var created = await provisioning.CreateOrganizationAsync(DemoPeople.Organization, "Acme Corp", founder, cancellationToken: cancellationToken);
        if (!created.IsSuccess)
        {
            return; // Seeded at an earlier start.
        }

        foreach (var (user, role) in DemoPeople.All.Skip(1))
        {
            await provisioning.AddMemberAsync(founder.Id, DemoPeople.Organization, user, role, cancellationToken);
        }
    }
}
