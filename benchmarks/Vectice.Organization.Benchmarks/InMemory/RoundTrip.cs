using Microsoft.Extensions.Options;
using Vectice.Organization.InMemory;

namespace Vectice.Organization.Benchmarks.InMemory;

/// <summary>The SDK's round trip and the floor's, shared by the in-memory round-trip benchmarks.</summary>
internal sealed class RoundTrip
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");
    private static readonly IOptions<VecticeOrganizationOptions> Options = Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions());

    private readonly Lock _floorGate = new();
    private readonly Dictionary<UserId, OrgRole> _floorRoles = new() { [Admin] = OrgRole.Admin, [Target] = OrgRole.Member };
    private readonly List<(UserId Target, OrgRole Before, OrgRole After)> _floorAudit = [];
    private readonly RoleChangeService _service;
    private bool _toAdmin;

    public RoundTrip()
    {
        var store = new InMemoryOrganizationStore();
        var provisioning = new ProvisioningService(store, Options);
        provisioning.CreateOrganizationAsync(Org, "Acme", new User(Admin, "admin@example.com", "Admin")).AsTask().GetAwaiter().GetResult();
        provisioning.AddMemberAsync(Admin, Org, new User(Target, "target@example.com", "Target"), OrgRole.Member).AsTask().GetAwaiter().GetResult();
        _service = new RoleChangeService(store, Options);
    }

    /// <summary>The same state change with nothing around it: a dictionary under a lock and an appended audit row.</summary>
    public int Floor()
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

    public async ValueTask<bool> RequestThenConfirmAsync()
    {
        _toAdmin = !_toAdmin;
        var requested = await _service.RequestAsync(Admin, Org, Target, _toAdmin ? OrgRole.Admin : OrgRole.Member);
        // AsT0, not GetValueOrThrow: the side-by-side program runs this against builds from before GetValueOrThrow.
        var confirmed = await _service.ConfirmAsync(Admin, requested.AsT0.Id);
        return confirmed.IsSuccess;
    }
}
