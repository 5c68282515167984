using Microsoft.Extensions.Options;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Schema;

/// <summary>A short flow through a store, to prove a schema made some other way than EnsureCreated works.</summary>
internal static class ScriptedSchema
{
    public static async Task AssertTheFlowWorksAsync(IOrganizationStore store)
    {
        var options = Options.Create(new VecticeOrganizationOptions());
        var provisioning = new ProvisioningService(store, options);
        var roleChanges = new RoleChangeService(store, options);
        var org = new OrganizationId("scripted");
        var (ada, bob) = (new UserId("ada"), new UserId("bob"));

        (await provisioning.CreateOrganizationAsync(org, "Scripted", new User(ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        (await provisioning.AddMemberAsync(ada, org, new User(bob, "bob@example.com", "Bob"), OrgRole.Viewer)).GetValueOrThrow();
        var pending = (await roleChanges.RequestAsync(ada, org, bob, OrgRole.Admin)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(ada, pending.Id)).GetValueOrThrow();
        Assert.Equal(OrgRole.Admin, (await store.FindMembershipAsync(org, bob, CancellationToken.None))!.Role);
        Assert.Equal(3, (await store.ListAuditEntriesAsync(org, new AuditQuery(), CancellationToken.None)).Items.Count);
    }
}
