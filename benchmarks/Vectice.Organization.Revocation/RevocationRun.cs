using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.Revocation;

/// <summary>
/// The parent process of one variant: creates the database and the organization (Ada and Alan,
/// both Admins), starts the watcher as a second OS process, then per rep demotes Alan to Member
/// (request, then confirm, each in a fresh scope) and measures from <c>ConfirmAsync</c> returning
/// until the watcher's check first refused him; then promotes him back and waits until the
/// watcher allows him again.
/// </summary>
internal sealed class RevocationRun(string name, RevocationStore store, TimeSpan? accessMaxStaleness, int warmups, int reps)
{
    public static readonly OrganizationId Organization = new("revocation");
    public static readonly UserId Ada = new("ada");
    public static readonly UserId Alan = new("alan");

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    public string Name { get; } = name;

    /// <summary>The period the feed works to: its heartbeat on PostgreSQL (250 ms), its poll on SQLite (1 s).</summary>
    public TimeSpan Phase => store.IsPostgreSql ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(1);

    public string Staleness => accessMaxStaleness is { } value ? $"{value.TotalSeconds:0.###} s" : "default (1 s)";

    public async Task<RevocationResult> RunAsync(string? server)
    {
        var connectionString = store.Create(server);
        try
        {
            await using var host = await RevocationHost.StartAsync(store, connectionString, accessMaxStaleness);
            await SeedAsync(host);
            using var watcher = StartWatcher(connectionString);
            try
            {
                await ExpectAsync(watcher, "ready", TimeSpan.FromSeconds(60));
                if (store.IsPostgreSql)
                {
                    await WaitForListenersAsync(connectionString, 2);
                }

                var samples = new List<Sample>(reps);
                for (var rep = 0; rep < warmups + reps; rep++)
                {
                    var sample = await RepAsync(host, watcher, rep);
                    if (rep >= warmups)
                    {
                        samples.Add(sample);
                    }
                }

                await watcher.StandardInput.WriteLineAsync("quit");
                await watcher.WaitForExitAsync(new CancellationTokenSource(ReplyTimeout).Token);
                if (watcher.ExitCode != 0)
                {
                    throw new InvalidOperationException($"The watcher exited with {watcher.ExitCode}.");
                }

                return RevocationResult.From(this, samples);
            }
            finally
            {
                if (!watcher.HasExited)
                {
                    watcher.Kill();
                    await watcher.WaitForExitAsync();
                }
            }
        }
        finally
        {
            store.Drop(server, connectionString);
        }
    }

    private async Task<Sample> RepAsync(RevocationHost host, Process watcher, int rep)
    {
        // A random pause de-phases the rep from the feed's heartbeat or poll, which the previous rep's wait would lock it to.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Phase.TotalMilliseconds));
        await watcher.StandardInput.WriteLineAsync($"arm {rep}");
        await ExpectAsync(watcher, $"armed {rep}", ReplyTimeout);

        var confirmStartedAt = await ChangeRoleAsync(host, OrgRole.Member);
        var confirmedAt = Stopwatch.GetTimestamp();

        var flipped = (await ExpectAsync(watcher, $"flipped {rep} ", ReplyTimeout)).Split(' ');
        var refusedAt = long.Parse(flipped[2], CultureInfo.InvariantCulture);
        var checkStartedAt = long.Parse(flipped[3], CultureInfo.InvariantCulture);

        await ChangeRoleAsync(host, OrgRole.Admin);
        await ExpectAsync(watcher, $"allowed {rep}", ReplyTimeout);

        // The timestamps are CLOCK_MONOTONIC on Linux, one clock for every process on the machine.
        return new Sample(Milliseconds(refusedAt - confirmedAt), Milliseconds(refusedAt - checkStartedAt), Milliseconds(confirmedAt - confirmStartedAt));
    }

    /// <summary>Ada requests and confirms Alan's new role, each in a fresh scope, as two web requests would.</summary>
    /// <returns>The Stopwatch timestamp taken just before <c>ConfirmAsync</c> was called.</returns>
    private static async Task<long> ChangeRoleAsync(RevocationHost host, OrgRole role)
    {
        PendingChangeId pending;
        await using (var scope = host.CreateScope())
        {
            var requested = await scope.ServiceProvider.GetRequiredService<RoleChangeService>().RequestAsync(Ada, Organization, Alan, role);
            pending = requested.TryGetValue(out var change, out var refusal)
                ? change.Id
                : throw new InvalidOperationException($"Request to {role} refused: {refusal}");
        }

        await using (var scope = host.CreateScope())
        {
            var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
            var startedAt = Stopwatch.GetTimestamp();
            var confirmed = await roleChanges.ConfirmAsync(Ada, pending);
            return confirmed.Refusal is { } refusal
                ? throw new InvalidOperationException($"Confirm to {role} refused: {refusal}")
                : startedAt;
        }
    }

    private async Task SeedAsync(RevocationHost host)
    {
        await using var scope = host.CreateScope();
        await store.CreateSchemaAsync(scope.ServiceProvider.GetRequiredService<OrganizationDbContext>());
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        var created = await provisioning.CreateOrganizationAsync(Organization, "Revocation", Profile(Ada));
        var added = await provisioning.AddMemberAsync(Ada, Organization, Profile(Alan), OrgRole.Admin);
        if (!created.IsSuccess || !added.IsSuccess)
        {
            throw new InvalidOperationException("Seeding the organization failed.");
        }
    }

    private Process StartWatcher(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(RevocationRun).Assembly.Location);
        start.ArgumentList.Add("--watch");
        start.ArgumentList.Add(store.Name);
        start.ArgumentList.Add(accessMaxStaleness is { } value ? value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) : "default");
        start.ArgumentList.Add(Organization.Value);
        start.ArgumentList.Add(Alan.Value);

        // Not on the command line, where ps would show the password.
        start.Environment[Program.ConnectionStringVariable] = connectionString;
        var process = Process.Start(start) ?? throw new InvalidOperationException("The watcher did not start.");
        process.StandardInput.AutoFlush = true;
        return process;
    }

    private static async Task<string> ExpectAsync(Process watcher, string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? line;
        try
        {
            line = await watcher.StandardOutput.ReadLineAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{prefix.Trim()}' from the watcher within {timeout.TotalSeconds} s.");
        }

        return line is not null && line.StartsWith(prefix, StringComparison.Ordinal)
            ? line
            : throw new InvalidOperationException($"Expected '{prefix.Trim()}' from the watcher, got '{line ?? "end of output"}'.");
    }

    /// <summary>Waits until both processes' feeds have their LISTEN connection open on the database.</summary>
    private static async Task WaitForListenersAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vectice-change-feed'", connection);
            if ((long)(await command.ExecuteScalarAsync())! >= count)
            {
                return;
            }

            if (waited.Elapsed > ReplyTimeout)
            {
                throw new TimeoutException("The change feeds did not connect.");
            }

            await Task.Delay(50);
        }
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static User Profile(UserId id) => new(id, $"{id.Value}@example.com", id.Value);
}
