using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization;

namespace Vectice.Organization.Benchmarks;

/// <summary>
/// A warm <see cref="OrganizationAccess.IsAllowedAsync"/> as a host calls it on every request (the
/// singleton from DI, the entry already cached), against the permission matrix alone on a membership
/// the host already holds: the floor a cache can approach.
/// </summary>
[MemoryDiagnoser]
public class AccessCheckBenchmarks
{
    private static readonly OrganizationId Organization = new("acme");
    private static readonly UserId Admin = new("ada");
    private readonly OrganizationSettings _settings = new(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: false);
    private ServiceProvider _provider = null!;
    private OrganizationAccess _access = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _provider = new ServiceCollection().AddVecticeOrganization().Services.BuildServiceProvider();
        using (var scope = _provider.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<ProvisioningService>()
                .CreateOrganizationAsync(Organization, "Acme", new User(Admin, "ada@example.com", "Ada"));
            if (!created.IsSuccess)
            {
                throw new InvalidOperationException(created.Refusal!.Reason);
            }
        }

        _access = _provider.GetRequiredService<OrganizationAccess>();
        if (!await _access.IsAllowedAsync(Admin, Organization, Permission.ManageUsers))
        {
            throw new InvalidOperationException("The Admin was refused.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Baseline = true)]
    public bool MatrixOnKnownRole() => PermissionMatrix.IsAllowed(OrgRole.Admin, Permission.ManageUsers, _settings);

    [Benchmark]
    public bool WarmAccessCheck()
    {
        var allowed = _access.IsAllowedAsync(Admin, Organization, Permission.ManageUsers);
        return allowed.IsCompletedSuccessfully ? allowed.Result : allowed.AsTask().GetAwaiter().GetResult();
    }
}
