// Creates the SDK's tables the supported way, then changes a role through the services, as a host would,
// each step in a DI scope of its own as a web request has. Prints each step; exits with 0 when all went as
// written, and with the step that did not otherwise.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization;
using Vectice.Organization.EntityFrameworkCore;

if (args is not [var database, var connectionString])
{
    Console.Error.WriteLine("usage: Consumer sqlite|postgresql <connection string>");
    return 2;
}

var services = new ServiceCollection();
services.AddDbContext<OrganizationDbContext>(o => _ = database == "sqlite" ? o.UseSqlite(connectionString) : o.UseNpgsql(connectionString));
services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();
await using var provider = services.BuildServiceProvider();

async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> step)
{
    await using var scope = provider.CreateAsyncScope();
    return await step(scope.ServiceProvider);
}

void Check(bool passed, string step)
{
    Console.WriteLine($"{(passed ? "ok" : "FAILED")}: {step}");
    if (!passed)
    {
        Environment.Exit(1);
    }
}

Check(await InScopeAsync(s => OrganizationSchema.EnsureCreatedAsync(s.GetRequiredService<OrganizationDbContext>())), "the tables are created");
Check(!await InScopeAsync(s => OrganizationSchema.EnsureCreatedAsync(s.GetRequiredService<OrganizationDbContext>())), "a second start finds them there");

var organization = new OrganizationId("packaged");
var (ada, grace) = (new UserId("ada"), new UserId("grace"));
var founded = await InScopeAsync(async s => await s.GetRequiredService<ProvisioningService>()
    .CreateOrganizationAsync(organization, "Packaged", new User(ada, "ada@example.com", "Ada Lovelace")));
Check(founded.IsSuccess, "Ada founds the organization");
var added = await InScopeAsync(async s => await s.GetRequiredService<ProvisioningService>()
    .AddMemberAsync(ada, organization, new User(grace, "grace@example.com", "Grace Hopper"), OrgRole.Member));
Check(added.IsSuccess, "Ada adds Grace as a Member");

var requested = await InScopeAsync(async s => await s.GetRequiredService<RoleChangeService>().RequestAsync(ada, organization, grace, OrgRole.Admin));
Check(requested.TryGetValue(out var pending, out _), "Ada asks to change Grace's role to Admin");
var confirmed = await InScopeAsync(async s => await s.GetRequiredService<RoleChangeService>().ConfirmAsync(ada, pending!.Id));
Check(confirmed.IsSuccess, "Ada confirms");

var members = await InScopeAsync(async s => await s.GetRequiredService<OrganizationDirectory>().ListMembersAsync(grace, organization));
Check(members.TryGetValue(out var page, out _) && page.Items.Single(m => m.User.Id == grace).Role == OrgRole.Admin, "Grace is an Admin");
var audit = await InScopeAsync(async s => await s.GetRequiredService<OrganizationDirectory>().ListAuditEntriesAsync(grace, organization));
Check(audit.TryGetValue(out var entries, out _) && entries.Items.Count(e => e.Action == AuditAction.RoleChanged && e.Target == grace) == 1, "the role change is audited once");
return 0;
