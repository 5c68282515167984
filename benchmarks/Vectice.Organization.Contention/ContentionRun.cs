using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Contention;

/// <summary>
/// N confirmers, each an Admin toggling its own member between Member and Viewer (request then
/// confirm, as fast as it can), all in one organization or each in its own, for a fixed time.
/// </summary>
internal sealed record ContentionRun(string Store, bool Shared, int Confirmers, double PerSecond, int Conflicts, int Retries, int Refused, double P50, double P99, bool InvariantsHeld)
{
    private static readonly IOptions<VecticeOrganizationOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions { MaxAttempts = 8 });

    public static async Task<ContentionRun> RunAsync(ContentionDatabase database, bool shared, int confirmers, TimeSpan duration)
    {
        var connectionString = await database.CreateAsync();
        try
        {
            var organizations = Enumerable.Range(0, confirmers).Select(i => new OrganizationId(shared ? "shared" : $"org-{i}")).ToArray();
            await SeedAsync(database, connectionString, organizations, confirmers);

            var retries = new RetryCounter();
            var deadline = DateTime.UtcNow + duration;
            var clock = Stopwatch.StartNew();
            var tallies = await Task.WhenAll(Enumerable.Range(0, confirmers).Select(i => Task.Run(() => ConfirmLoopAsync(database, connectionString, organizations[i], i, retries, deadline))));
            var elapsed = clock.Elapsed.TotalSeconds;

            var latencies = tallies.SelectMany(t => t.Latencies).Order().ToArray();
            var refused = tallies.Sum(t => t.Refused);
            var held = await InvariantsHoldAsync(database, connectionString, organizations, tallies);
            return new ContentionRun(
                database.Name,
                shared,
                confirmers,
                latencies.Length / elapsed,
                retries.Retries + refused,
                retries.Retries,
                refused,
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.99),
                held);
        }
        finally
        {
            database.Drop(connectionString);
        }
    }

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Store} | {(Shared ? "one" : "one each")} | {Confirmers} | {PerSecond:F0} | {Conflicts} | {Retries} | {Refused} | {P50:F2} | {P99:F2} | {(InvariantsHeld ? "held" : "VIOLATED")} |");

    private static async Task SeedAsync(ContentionDatabase database, string connectionString, OrganizationId[] organizations, int confirmers)
    {
        await using var context = database.Context(connectionString);
        var provisioning = new ProvisioningService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), Options);
        for (var i = 0; i < confirmers; i++)
        {
            // Confirmer i is an Admin: the founder of its organization, or added to the shared one.
            var joinsShared = i > 0 && organizations[i] == organizations[0];
            var admin = joinsShared
                ? (await provisioning.AddMemberAsync(Admin(0), organizations[i], Profile(Admin(i)), OrgRole.Admin)).IsSuccess
                : (await provisioning.CreateOrganizationAsync(organizations[i], "Contention", Profile(Admin(i)))).IsSuccess;
            var target = (await provisioning.AddMemberAsync(Admin(i), organizations[i], Profile(Target(i)), OrgRole.Member)).IsSuccess;
            if (!admin || !target)
            {
                throw new InvalidOperationException($"Seeding confirmer {i} failed.");
            }
        }
    }

    private static async Task<Tally> ConfirmLoopAsync(ContentionDatabase database, string connectionString, OrganizationId organization, int i, RetryCounter retries, DateTime deadline)
    {
        await using var context = database.Context(connectionString);
        var roleChanges = new RoleChangeService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), Options, TimeProvider.System, retries);
        var tally = new Tally();
        var toViewer = true;
        while (DateTime.UtcNow < deadline)
        {
            var started = Stopwatch.GetTimestamp();
            var requested = await roleChanges.RequestAsync(Admin(i), organization, Target(i), toViewer ? OrgRole.Viewer : OrgRole.Member);
            var confirmed = requested.TryGetValue(out var pending, out var refusal)
                ? (await roleChanges.ConfirmAsync(Admin(i), pending.Id)).Refusal
                : refusal;
            if (confirmed is null)
            {
                tally.Applied++;
                toViewer = !toViewer;
                tally.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else if (confirmed.Code == RefusalCode.ConcurrencyConflict)
            {
                tally.Refused++;
            }
            else
            {
                throw new InvalidOperationException($"Unexpected refusal: {confirmed}");
            }
        }

        return tally;
    }

    private static async Task<bool> InvariantsHoldAsync(ContentionDatabase database, string connectionString, OrganizationId[] organizations, Tally[] tallies)
    {
        await using var context = database.Context(connectionString);
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var held = true;
        foreach (var organization in organizations.Distinct())
        {
            var snapshot = await store.LoadSnapshotAsync(organization, Admin(0), Admin(0), null, CancellationToken.None);
            var applied = tallies.Where((_, i) => organizations[i] == organization).Sum(t => t.Applied);
            held &= snapshot!.ActiveAdminCount >= 1 && await CountConfirmedAsync(store, organization) == applied;
        }

        for (var i = 0; i < organizations.Length; i++)
        {
            var expected = tallies[i].Applied % 2 == 1 ? OrgRole.Viewer : OrgRole.Member;
            held &= (await store.FindMembershipAsync(organizations[i], Target(i), CancellationToken.None))!.Role == expected;
        }

        return held;
    }

    /// <summary>Audit entries written by confirms: exactly one per applied change.</summary>
    private static async Task<int> CountConfirmedAsync(IOrganizationStore store, OrganizationId organization)
    {
        var (count, query) = (0, new AuditQuery { Limit = AuditQuery.MaxLimit });
        while (true)
        {
            var page = await store.ListAuditEntriesAsync(organization, query, CancellationToken.None);
            count += page.Items.Count(e => e.PendingChangeId is not null);
            if (!page.HasMore)
            {
                return count;
            }

            query = query with { AfterSequence = page.Items[^1].Sequence };
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private static UserId Admin(int i) => new($"admin-{i}");

    private static UserId Target(int i) => new($"member-{i}");

    private static User Profile(UserId id) => new(id, $"{id.Value}@example.com", id.Value);

    private sealed class Tally
    {
        public List<double> Latencies { get; } = [];

        public int Applied { get; set; }

        public int Refused { get; set; }
    }
}
