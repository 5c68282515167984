using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>
/// The PostgreSQL feed under faults: its connection killed, the server gone and back, the host
/// stopped. The hosts' staleness bound is an hour, so only the feed (its notifications, or the cache
/// it drops after a gap) can make them see a change; every wait is for something the feed does.
/// </summary>
public sealed class PostgresFeedFaultTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [SkippableFact]
    public async Task A_killed_listen_connection_is_opened_again_a_demotion_committed_meanwhile_is_obeyed_and_later_changes_are_heard()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var host = await FeedHost.StartAsync(fixture.ConnectionString);
        Assert.True(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        var killed = await host.ListeningBackendAsync(except: null);

        await TerminateAsync(killed);
        var demoted = await ChangeRoleAsync(organization, OrgRole.Viewer);
        await host.Feed.CaughtUpAsync(since: demoted, minRun: 2);

        Assert.DoesNotContain(killed, await host.BackendsAsync());
        Assert.False(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));

        // Cached again as a Viewer: only a notification on the new connection can tell it of this.
        var promoted = await ChangeRoleAsync(organization, OrgRole.Admin);
        await host.Feed.CaughtUpAsync(since: promoted, minRun: 2);
        Assert.True(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
    }

    [SkippableFact]
    public async Task After_a_server_outage_two_hosts_obey_a_demotion_committed_during_it_and_hear_later_changes()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var server = new OutageProxy(fixture.ConnectionString);
        await using var first = await FeedHost.StartAsync(server.ClientConnectionString);
        await using var second = await FeedHost.StartAsync(server.ClientConnectionString);
        FeedHost[] hosts = [first, second];
        foreach (var host in hosts)
        {
            Assert.True(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        }

        await server.BeginOutageAsync();
        var demoted = await ChangeRoleAsync(organization, OrgRole.Viewer); // on a connection of its own
        server.EndOutage();

        // The hosts' pooled connections died in the outage, as in a restart, and the first query on one
        // would fail (refusing nothing it should not); dropped here so that the checks below read. Only the hosts'
        // pool: the tests running beside this one keep theirs.
        await using (var pooled = new NpgsqlConnection(server.ClientConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        foreach (var host in hosts)
        {
            await host.Feed.CaughtUpAsync(since: demoted, minRun: 2);
            Assert.False(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        }

        var promoted = await ChangeRoleAsync(organization, OrgRole.Admin);
        foreach (var host in hosts)
        {
            await host.Feed.CaughtUpAsync(since: promoted, minRun: 2);
            Assert.True(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        }
    }

    [SkippableFact]
    public async Task Stopping_the_host_ends_the_runner_and_closes_the_listen_connection()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var host = await FeedHost.StartAsync(fixture.ConnectionString);
        Assert.NotEmpty(await host.BackendsAsync());

        await host.StopAsync();

        Assert.True(host.Running.IsCompletedSuccessfully);
        await WaitUntilAsync(async () => (await host.BackendsAsync()).Count == 0);
        await host.DisposeAsync();
    }

    /// <summary>Ada changes Alan's role (request and confirm); returns when it was committed, as a <see cref="TimeProvider.System"/> timestamp.</summary>
    private static async Task<long> ChangeRoleAsync(SeededOrganization organization, OrgRole role)
    {
        await organization.InScopeAsync(async services =>
        {
            var pending = (await services.RoleChanges.RequestAsync(Ada, organization.Id, Alan, role)).GetValueOrThrow();
            (await services.RoleChanges.ConfirmAsync(Ada, pending.Id)).GetValueOrThrow();
            return true;
        });
        return TimeProvider.System.GetTimestamp();
    }

    private static async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", pid);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>Waits for the server to close a connection; the minute is only a safety net.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), safety.Token);
        }
    }
}
