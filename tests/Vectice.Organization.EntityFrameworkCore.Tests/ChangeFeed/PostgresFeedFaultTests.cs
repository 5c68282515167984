using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>The PostgreSQL feed under faults: its connection killed, the host stopped.</summary>
public sealed class PostgresFeedFaultTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [SkippableFact]
    public async Task A_killed_listen_connection_is_opened_again_and_a_demotion_committed_meanwhile_is_obeyed()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var host = await FeedHost.StartAsync(fixture.ConnectionString);
        Assert.True(await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        var killed = await host.ListeningBackendAsync(except: null);

        await TerminateAsync(killed);
        await DemoteAsync(organization, Alan);
        var reopened = await host.ListeningBackendAsync(except: killed);

        Assert.NotEqual(killed, reopened);
        Assert.DoesNotContain(killed, await host.BackendsAsync());
        // Whether the demotion came before the new LISTEN (then the gap dropped the cache) or after it
        // (then it was notified), a heartbeat on the new connection follows both.
        await WaitUntilAsync(async () => !await host.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
    }

    [SkippableFact]
    public async Task Stopping_the_host_ends_the_runner_and_closes_the_listen_connection()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var host = await FeedHost.StartAsync(fixture.ConnectionString);

        await host.StopAsync();

        Assert.True(host.Running.IsCompletedSuccessfully);
        await WaitUntilAsync(async () => (await host.BackendsAsync()).Count == 0);
        await host.DisposeAsync();
    }

    private static async Task DemoteAsync(SeededOrganization organization, UserId user) =>
        await organization.InScopeAsync(async services =>
        {
            var pending = (await services.RoleChanges.RequestAsync(Ada, organization.Id, user, OrgRole.Viewer)).AsT0;
            Assert.True((await services.RoleChanges.ConfirmAsync(Ada, pending.Id)).IsSuccess);
            return true;
        });

    private static async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", pid);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>Waits for a condition the feed brings about; the minute is only a safety net.</summary>
    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), safety.Token);
        }
    }
}
