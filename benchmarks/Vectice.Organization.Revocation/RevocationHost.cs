using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Vectice.Organization.Revocation;

/// <summary>
/// One process's services, set up as a web app's: the EF Core stores on a registered
/// <see cref="OrganizationDbContext"/>, the change feed, and the hosted services started (the feed's runner).
/// </summary>
internal sealed class RevocationHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hosted;

    private RevocationHost(ServiceProvider provider, IHostedService[] hosted)
    {
        _provider = provider;
        _hosted = hosted;
    }

    public OrganizationAccess Access => _provider.GetRequiredService<OrganizationAccess>();

    public static async Task<RevocationHost> StartAsync(RevocationStore store, string connectionString, TimeSpan? accessMaxStaleness)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        store.Register(services, connectionString, accessMaxStaleness);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var hosted = provider.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new RevocationHost(provider, hosted);
    }

    /// <summary>A fresh scope, as a web request gets.</summary>
    public AsyncServiceScope CreateScope() => _provider.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
