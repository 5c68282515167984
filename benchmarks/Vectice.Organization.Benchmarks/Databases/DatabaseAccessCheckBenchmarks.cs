using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.Benchmarks.Databases;

/// <summary>
/// "May this user manage users in this organization?" as a host asks it on each web request, in a
/// fresh DI scope: <see cref="OrganizationAccess.IsAllowedAsync"/> with its cache warm (and, for the
/// goal, the call alone on the singleton) and with its cache dropped before each check, so that it
/// reads the store in a scope and context of its own; ASP.NET Core Identity's
/// <c>FindByIdAsync</c> + <c>IsInRoleAsync</c>; and the floor, one hand-written SELECT on a pooled
/// connection (the baseline). Each has a database of its own, of the same kind and settings, holding
/// the same 100 members.
/// </summary>
[MemoryDiagnoser]
public abstract class DatabaseAccessCheckBenchmarks
{
    private BenchmarkDatabase _floor = null!;
    private BenchmarkDatabase _vecticeDatabase = null!;
    private BenchmarkDatabase _identityDatabase = null!;
    private ServiceProvider _vectice = null!;
    private ServiceProvider _identity = null!;
    private OrganizationAccess _access = null!;

    [GlobalSetup]
    public void Setup()
    {
        _floor = CreateDatabase("access_floor");
        AccessCheckHosts.Vectice(_floor).Dispose();
        _vecticeDatabase = CreateDatabase("access_vectice");
        _vectice = AccessCheckHosts.Vectice(_vecticeDatabase);
        _access = _vectice.GetRequiredService<OrganizationAccess>();
        _identityDatabase = CreateDatabase("access_identity");
        _identity = AccessCheckHosts.Identity(_identityDatabase);

        // Each contestant must say yes, and the warm ones must be warm.
        foreach (var check in new Func<Task<bool>>[] { AdoNetFloor, () => VecticeMissInScope().AsTask(), () => Task.FromResult(VecticeWarm()), IdentityInScope })
        {
            if (!check().GetAwaiter().GetResult())
            {
                throw new InvalidOperationException("The Admin was refused.");
            }
        }

        if (!VecticeWarmInScope().IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The warm check read the store.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _vectice.Dispose();
        _identity.Dispose();
        _floor.Dispose();
        _vecticeDatabase.Dispose();
        _identityDatabase.Dispose();
    }

    /// <summary>One SELECT of role, status and settings by (organization, user) on a pooled connection.</summary>
    [Benchmark(Baseline = true)]
    public Task<bool> AdoNetFloor() =>
        AccessCheckFloor.IsAllowedAsync(_floor, AccessCheckHosts.OrganizationKey, AccessCheckHosts.AdminKey, Permission.ManageUsers);

    /// <summary>The call alone on the singleton, its cache warm: what the ≤ 50 ns, 0 B goal measures.</summary>
    [Benchmark]
    public bool VecticeWarm()
    {
        var allowed = _access.IsAllowedAsync(AccessCheckHosts.Admin, AccessCheckHosts.Organization, Permission.ManageUsers);
        return allowed.IsCompletedSuccessfully ? allowed.Result : allowed.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A fresh scope, the singleton resolved from it, the cache warm: the realistic per-request cost.</summary>
    [Benchmark]
    public async ValueTask<bool> VecticeWarmInScope()
    {
        await using var scope = _vectice.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrganizationAccess>()
            .IsAllowedAsync(AccessCheckHosts.Admin, AccessCheckHosts.Organization, Permission.ManageUsers);
    }

    /// <summary>As <see cref="VecticeWarmInScope"/> after <see cref="OrganizationAccess.Invalidate"/>: every check reads the store.</summary>
    [Benchmark]
    public async ValueTask<bool> VecticeMissInScope()
    {
        _access.Invalidate(AccessCheckHosts.Organization);
        await using var scope = _vectice.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrganizationAccess>()
            .IsAllowedAsync(AccessCheckHosts.Admin, AccessCheckHosts.Organization, Permission.ManageUsers);
    }

    /// <summary>ASP.NET Core Identity in a fresh scope (a fresh context): <c>FindByIdAsync</c> then <c>IsInRoleAsync(user, "Admin")</c>.</summary>
    [Benchmark]
    public async Task<bool> IdentityInScope()
    {
        await using var scope = _identity.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByIdAsync(AccessCheckHosts.AdminKey) ?? throw new InvalidOperationException("The Admin was not found.");
        return await users.IsInRoleAsync(user, "Admin");
    }

    private protected abstract BenchmarkDatabase CreateDatabase(string name);
}
