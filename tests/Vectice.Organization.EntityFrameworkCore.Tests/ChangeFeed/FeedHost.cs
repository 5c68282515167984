using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.PostgreSql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>
/// A host process as a web application registers the SDK on PostgreSQL with the change feed: its
/// access check, and the hosted runner, started and stopped as the host would. Its staleness bound is
/// an hour, so only the feed can make it see a change committed elsewhere.
/// </summary>
internal sealed class FeedHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService _runner;

    private FeedHost(string connectionString)
    {
        ApplicationName = $"feed-{Guid.NewGuid():N}";
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<OrganizationDbContext>(options => options.UseNpgsql(connectionString));
        services.AddVecticeOrganization(options => options.AccessMaxStaleness = TimeSpan.FromHours(1))
            .AddEntityFrameworkStores<OrganizationDbContext>()
            .AddPostgreSqlChangeFeed(connectionString, options =>
            {
                options.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
                options.ApplicationName = ApplicationName;
            });
        services.AddSingleton<PostgreSqlOrganizationChangeFeed>();
        services.Replace(ServiceDescriptor.Singleton<IOrganizationChangeFeed>(provider => provider.GetRequiredService<ProbedFeed>()));
        services.AddSingleton(provider => new ProbedFeed(provider.GetRequiredService<PostgreSqlOrganizationChangeFeed>()));
        _provider = services.BuildServiceProvider(validateScopes: true);
        _runner = Assert.Single(_provider.GetServices<IHostedService>());
        Access = _provider.GetRequiredService<OrganizationAccess>();
        Feed = _provider.GetRequiredService<ProbedFeed>();
    }

    /// <summary>Names the feed's connection in <c>pg_stat_activity</c>.</summary>
    public string ApplicationName { get; }

    public OrganizationAccess Access { get; }

    /// <summary>The host's feed, to wait until it has caught up.</summary>
    public ProbedFeed Feed { get; }

    /// <summary>The runner's background task, which must end when the host stops.</summary>
    public Task Running => ((BackgroundService)_runner).ExecuteTask!;

    /// <summary>Starts a host and returns once its feed has caught up.</summary>
    public static async Task<FeedHost> StartAsync(string connectionString)
    {
        var host = new FeedHost(connectionString);
        await host._runner.StartAsync(CancellationToken.None);
        await host.Feed.CaughtUpAsync(TimeProvider.System.GetTimestamp(), minRun: 1);
        return host;
    }

    /// <summary>
    /// The process id of the feed's listening connection, once there is one other than
    /// <paramref name="except"/>: bounded by the feed getting there, with a safety net.
    /// </summary>
    public async Task<int> ListeningBackendAsync(int? except)
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var backends = await BackendsAsync();
            if (backends.FirstOrDefault(pid => pid != except) is var pid and not 0)
            {
                return pid;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), safety.Token);
        }
    }

    /// <summary>The feed connections of this host now open on the server.</summary>
    public async Task<IReadOnlyList<int>> BackendsAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", ApplicationName);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    public Task StopAsync() => _runner.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _runner.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}
