using BenchmarkDotNet.Attributes;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Benchmarks.InMemory;

/// <summary>
/// Allocations to hold 1,000,000 memberships of one organization in the in-memory store (one
/// commit), against a dictionary of (user id, role, status). The users' own profiles are made
/// before the measurement: they are the host's data. Allocated bytes divided by 1,000,000 bound
/// what the store keeps per membership; <c>--footprint</c> measures what it retains.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class InMemoryFootprintBenchmarks
{
    public const int Memberships = 1_000_000;

    private static readonly OrganizationId Org = new("acme");
    private User[] _users = null!;

    [GlobalSetup]
    public void Setup() => _users = Footprint.Users(Memberships);

    [Benchmark(Baseline = true)]
    public int DictionaryFloor()
    {
        var members = new Dictionary<UserId, (OrgRole Role, MembershipStatus Status)>();
        foreach (var user in _users)
        {
            members[user.Id] = (OrgRole.Member, MembershipStatus.Active);
        }

        return members.Count;
    }

    [Benchmark]
    public CommitOutcome InMemoryStore() => Footprint.Fill(new InMemoryOrganizationStore(), Org, _users);
}
