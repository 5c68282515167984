using Vectice.Organization.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.Tests.Access;

/// <summary>
/// One host process as DI builds it, on a shared store and clock: a second host on the same store
/// stands for another process, whose commits this one's cache hears nothing of.
/// </summary>
internal sealed class AccessHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public AccessHost(IOrganizationStore store, FakeTimeProvider clock, Action<VecticeOrganizationOptions>? configure = null, Action<VecticeOrganizationBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(store);
        services.AddLogging();
        var builder = services.AddVecticeOrganization(configure);
        build?.Invoke(builder);
        _provider = services.BuildServiceProvider(validateScopes: true);
        Access = _provider.GetRequiredService<OrganizationAccess>();
    }

    public OrganizationAccess Access { get; }

    public IServiceProvider Services => _provider;

    /// <summary>Ada demotes <paramref name="user"/> to <paramref name="role"/> through this host, request and confirm in a scope of their own.</summary>
    public async Task ChangeRoleAsync(UserId user, OrgRole role)
    {
        await using var scope = _provider.CreateAsyncScope();
        var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
        var pending = (await roleChanges.RequestAsync(OrganizationUnderTest.Ada, Acme.Id, user, role)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(OrganizationUnderTest.Ada, pending.Id)).GetValueOrThrow();
    }

    public async Task ChangeSettingsAsync(OrganizationSettings settings)
    {
        await using var scope = _provider.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<OrganizationSettingsService>().ChangeAsync(OrganizationUnderTest.Ada, Acme.Id, settings)).GetValueOrThrow();
    }

    public void Dispose() => _provider.Dispose();
}
