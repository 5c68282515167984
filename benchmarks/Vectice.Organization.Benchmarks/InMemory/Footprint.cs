using System.Globalization;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Benchmarks.InMemory;

/// <summary>What the in-memory store retains per membership (<c>--footprint</c>), and the shared fill.</summary>
internal static class Footprint
{
    public static User[] Users(int count) =>
        Enumerable.Range(0, count).Select(i => new User(new UserId($"u{i:D7}"), $"u{i:D7}@example.com", $"User {i}")).ToArray();

    /// <summary>Adds every user as an active Member in one commit (no audit entries: a bulk load).</summary>
    public static CommitOutcome Fill(InMemoryOrganizationStore store, OrganizationId org, User[] users)
    {
        var commit = new OrganizationCommit
        {
            Organization = new OrganizationInfo(org, "Acme", default, 1),
            AddedMemberships = users.Select(u => new Membership(org, u, OrgRole.Member, MembershipStatus.Active)).ToArray(),
        };
        return store.CommitAsync(commit, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public static async Task<string> MeasureAsync(int count)
    {
        var org = new OrganizationId("acme");
        var users = Users(count);

        var before = Retained();
        var bulk = new InMemoryOrganizationStore();
        Fill(bulk, org, users);
        await bulk.ListMembersAsync(org, new MemberQuery(), CancellationToken.None); // builds the paging order too
        var bulkBytes = Retained() - before;
        GC.KeepAlive(bulk);
        bulk = null;

        before = Retained();
        var provisioned = new InMemoryOrganizationStore();
        var provisioning = new ProvisioningService(provisioned, Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions()));
        await provisioning.CreateOrganizationAsync(org, "Acme", users[0]);
        foreach (var user in users.Skip(1))
        {
            await provisioning.AddMemberAsync(users[0].Id, org, user, OrgRole.Member);
        }

        await provisioned.ListMembersAsync(org, new MemberQuery(), CancellationToken.None);
        var provisionedBytes = Retained() - before;
        GC.KeepAlive(provisioned);
        GC.KeepAlive(users);

        return string.Create(CultureInfo.InvariantCulture, $"""
            | In-memory store, {count:N0} memberships | bytes retained per membership |
            |---|---:|
            | memberships only (one bulk commit) | {bulkBytes / (double)count:F1} |
            | added one by one through ProvisioningService (each with its MemberAdded audit entry) | {provisionedBytes / (double)count:F1} |

            The users' profiles (ids, e-mails, names) are allocated before each measurement: they are the host's data, which the store references, not copies.
            """);
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
