using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Vectice.Organization;
using Vectice.Organization.InMemory;

namespace Vectice.Organization.Benchmarks;

/// <summary>
/// One request + confirm on the in-memory store (the membership changes, the pending change is
/// closed, one audit entry is written), against a floor that makes the same state change directly
/// on a dictionary under a lock and appends to a list. The role toggles each call so state never drifts.
/// </summary>
[MemoryDiagnoser]
public class InMemoryRoundTripBenchmarks
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");

    private readonly Dictionary<UserId, OrgRole> _floorRoles = new() { [Admin] = OrgRole.Admin, [Target] = OrgRole.Member };
    private readonly List<(UserId Target, OrgRole Before, OrgRole After)> _floorAudit = [];
    private readonly Lock _floorGate = new();

    private RoleChangeService _service = null!;
    private bool _toAdmin;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemoryOrganizationStore();
        var options = Options.Create(new VecticeOrganizationOptions());
        var provisioning = new ProvisioningService(store, options);
        provisioning.CreateOrganizationAsync(Org, "Acme", new User(Admin, "admin@example.com", "Admin")).AsTask().GetAwaiter().GetResult();
        provisioning.AddMemberAsync(Admin, Org, new User(Target, "target@example.com", "Target"), OrgRole.Member).AsTask().GetAwaiter().GetResult();
        _service = new RoleChangeService(store, options);
    }

    [Benchmark(Baseline = true)]
    public int DictionaryUnderLockFloor()
    {
        _toAdmin = !_toAdmin;
        lock (_floorGate)
        {
            var before = _floorRoles[Target];
            var after = _toAdmin ? OrgRole.Admin : OrgRole.Member;
            _floorRoles[Target] = after;
            _floorAudit.Add((Target, before, after));
            return _floorAudit.Count;
        }
    }

    [Benchmark]
    public async ValueTask<bool> RequestThenConfirm()
    {
        _toAdmin = !_toAdmin;
        var requested = await _service.RequestAsync(Admin, Org, Target, _toAdmin ? OrgRole.Admin : OrgRole.Member);
        var confirmed = await _service.ConfirmAsync(Admin, requested.AsT0.Id);
        return confirmed.IsSuccess;
    }
}
