using System.Diagnostics;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>
/// Restarts the PostgreSQL server under two hosts, so it runs alone: xunit runs a collection that
/// disables parallelization after all the others. The restart command comes from
/// <see cref="RestartCommandVariable"/> (.ci/run sets it); without it the test skips, except on CI.
/// </summary>
[CollectionDefinition(nameof(PostgresRestartTests), DisableParallelization = true)]
[Collection(nameof(PostgresRestartTests))]
public sealed class PostgresRestartTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    public const string RestartCommandVariable = "VECTICE_TEST_POSTGRES_RESTART";

    private static readonly string? RestartCommand = Environment.GetEnvironmentVariable(RestartCommandVariable);

    [SkippableFact]
    public async Task After_a_server_restart_both_hosts_listen_again_and_obey_a_demotion_committed_through_one()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        if (string.IsNullOrWhiteSpace(RestartCommand))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI=true but {RestartCommandVariable} is not set: the restart test must run on CI.");
            Skip.If(true, $"Set {RestartCommandVariable} to a command that restarts the server (e.g. 'pg_ctlcluster 15 main restart') to run this test.");
        }

        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var first = await FeedHost.StartAsync(fixture.ConnectionString);
        await using var second = await FeedHost.StartAsync(fixture.ConnectionString);
        Assert.True(await first.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        Assert.True(await second.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        var before = (await first.ListeningBackendAsync(except: null), await second.ListeningBackendAsync(except: null));

        await RestartAsync();
        await first.ListeningBackendAsync(except: before.Item1);
        await second.ListeningBackendAsync(except: before.Item2);
        await organization.InScopeAsync(async services =>
        {
            var pending = (await services.RoleChanges.RequestAsync(Ada, organization.Id, Alan, OrgRole.Viewer)).AsT0;
            Assert.True((await services.RoleChanges.ConfirmAsync(Ada, pending.Id, default)).IsSuccess);
            return true;
        });

        await PostgresFeedFaultTests.WaitUntilAsync(async () => !await first.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
        await PostgresFeedFaultTests.WaitUntilAsync(async () => !await second.Access.IsAllowedAsync(Alan, organization.Id, Permission.ManageUsers));
    }

    private static async Task RestartAsync()
    {
        using var restart = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", RestartCommand!]) { RedirectStandardError = true })!;
        var errors = restart.StandardError.ReadToEndAsync();
        await restart.WaitForExitAsync();
        Assert.True(restart.ExitCode == 0, $"'{RestartCommand}' failed: {await errors}");
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
