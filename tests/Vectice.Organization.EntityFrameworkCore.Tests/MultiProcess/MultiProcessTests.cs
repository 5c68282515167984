using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using Xunit.Abstractions;

namespace Vectice.Organization.EntityFrameworkCore.Tests.MultiProcess;

/// <summary>
/// Several OS processes hammer one organization on one PostgreSQL database, a fixed number of operations
/// each, by several writers at once in each (whose writes commit in groups), all starting together after they
/// warmed up; then the audit trail is replayed from the start and
/// the rules are checked on every commit (<see cref="AuditReplay"/>). Bound by work, not by the clock: a loaded machine runs the
/// same test, only slower (the timeout is a safety net against a hung worker).
/// </summary>
public sealed class MultiProcessTests(ITestOutputHelper output)
{
    private const int Workers = 3;
    private const int OperationsPerWorker = 150;

    // Writers of each worker at once, as one server serves several requests: they queue for the organization's turn
    // in their process and commit in groups (a group commit), while the processes queue on the row's lock.
    private const int WritersPerWorker = 3;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(10);
    private static readonly OrganizationId Organization = new("shared");

    [SkippableFact]
    public async Task Processes_sharing_one_database_never_break_an_invariant()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        var connectionString = ThrowawayDatabase.Create(PostgresServer.ConnectionString!, "vectice_multiprocess");
        try
        {
            await SeedAsync(connectionString);

            var tallies = await RunWorkersAsync(connectionString);

            await using var context = Context(connectionString);
            var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
            var replay = await AuditReplay.RunAsync(store, Organization);
            var members = (await store.ListMembersAsync(Organization, new MemberQuery { Limit = MemberQuery.MaxLimit }, CancellationToken.None)).Items;
            Assert.Equal(replay.Members.OrderBy(p => p.Key.Value, StringComparer.Ordinal), members.Select(m => KeyValuePair.Create(m.UserId, m.State)).OrderBy(p => p.Key.Value, StringComparer.Ordinal));
            Assert.Equal(replay.Settings, (await store.LoadSnapshotAsync(Organization, members[0].UserId, members[0].UserId, null, CancellationToken.None))!.Organization.Settings);
            await AssertEachAppliedChangeHasItsEntriesAsync(connectionString);

            int Sum(string name) => tallies.Sum(t => t.GetProperty(name).GetInt32());
            int Refused(RefusalCode code) => tallies.Sum(t => t.GetProperty("Refusals").TryGetProperty(code.ToString(), out var n) ? n.GetInt32() : 0);
            output.WriteLine(
                $"{Workers} processes, {OperationsPerWorker} operations each: {Sum("Operations")} operations, {Sum("Applied")} applied " +
                $"({replay.ConfirmedBySecondAdmin} by a second Admin, {replay.SettingsConfirmed} weakening four-eyes), {Sum("BulkRequested")} bulk and {Sum("SettingsRequested")} settings requests, " +
                $"{Sum("SettingsChanged")} settings changes, {Refused(RefusalCode.LastActiveAdmin)} last-Admin refusals, {Sum("ConflictRetries")} conflict retries, " +
                $"{Sum("GroupedWrites")} writes in another's transaction; " +
                $"{replay.Commits} commits replayed.");
            foreach (var tally in tallies)
            {
                output.WriteLine(tally.ToString());
            }

            Assert.True(Sum("Applied") > 0, "No change was applied: the workers did nothing worth checking.");
            // Writers of one organization queue on its row's lock across processes: operations of different
            // processes overlapped, and none of them lost a version race.
            Assert.True(OverlappingOperations(tallies) > 0, "No two processes' operations overlapped: the processes never raced.");
            Assert.Equal(0, Sum("ConflictRetries"));
            Assert.True(Refused(RefusalCode.LastActiveAdmin) > 0, "No last-Admin refusal: the workers never pressed on the rule.");
            Assert.True(Sum("BulkRequested") > 0 && Sum("SettingsChanged") > 0, "No bulk change was requested or no settings changed: the workers did not run them.");
            Assert.True(replay.ConfirmedBySecondAdmin > 0, "No change was confirmed under four-eyes: the four-eyes checks of the replay checked nothing.");
            Assert.True(Sum("GroupedWrites") > 0, "No write joined another's transaction: the replay checked no group commit.");
        }
        finally
        {
            ThrowawayDatabase.Drop(PostgresServer.ConnectionString!, connectionString);
        }
    }

    /// <summary>How many operations overlapped in time with an operation of another process.</summary>
    private static int OverlappingOperations(IReadOnlyList<JsonElement> tallies)
    {
        var spans = tallies.Select(t => t.GetProperty("Spans").EnumerateArray().Select(s => (Start: s[0].GetInt64(), End: s[1].GetInt64())).ToList()).ToList();
        return spans.SelectMany((mine, i) => mine.Where(m => spans.Where((_, j) => j != i).Any(theirs => theirs.Any(t => t.Start < m.End && m.Start < t.End)))).Count();
    }

    private static OrganizationDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<OrganizationDbContext>().UseNpgsql(connectionString).Options);

    private static async Task SeedAsync(string connectionString)
    {
        await using var context = Context(connectionString);
        await context.Database.EnsureCreatedAsync();
        var options = Options.Create(new VecticeOrganizationOptions());
        var provisioning = new ProvisioningService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context), options);
        // Three founding Admins under four-eyes: Admins are then made only through changes a second Admin confirms.
        var founder = new UserId("admin-1");
        var fourEyes = new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants);
        (await provisioning.CreateOrganizationAsync(Organization, "Shared", Profile(founder), fourEyes, [Profile(new("admin-2")), Profile(new("admin-3"))])).GetValueOrThrow();
        string[] others = ["member-1", "member-2", "member-3", "viewer-1", "viewer-2"];
        foreach (var id in others)
        {
            var role = id.StartsWith("member", StringComparison.Ordinal) ? OrgRole.Member : OrgRole.Viewer;
            (await provisioning.AddMemberAsync(founder, Organization, Profile(new UserId(id)), role)).GetValueOrThrow();
        }
    }

    private static User Profile(UserId id) => new(id, $"{id.Value}@example.com", id.Value);

    /// <summary>Starts every worker, waits until each has warmed up, lets them go at once, and collects their tallies.</summary>
    private static async Task<JsonElement[]> RunWorkersAsync(string connectionString)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        var workers = Enumerable.Range(1, Workers).Select(i => StartWorker(connectionString, $"worker-{i}")).ToList();
        try
        {
            foreach (var (name, process) in workers)
            {
                if (await process.StandardOutput.ReadLineAsync(timeout.Token) is not "ready" and var line)
                {
                    // Its standard error is read only now: it ends when the worker does.
                    Assert.Fail($"{name} did not get ready: {line} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
                }
            }

            foreach (var (_, process) in workers)
            {
                await process.StandardInput.WriteLineAsync("go");
                await process.StandardInput.FlushAsync(timeout.Token);
            }

            return await Task.WhenAll(workers.Select(w => TallyAsync(w.Name, w.Process, timeout.Token)));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The workers did not finish within the {SafetyNet.TotalMinutes} minutes safety net: one hung.");
        }
        finally
        {
            foreach (var (_, process) in workers)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    private static (string Name, Process Process) StartWorker(string connectionString, string name)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vectice.Organization.StressWorker.dll"));
        start.ArgumentList.Add(Organization.Value);
        start.ArgumentList.Add(OperationsPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(WritersPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["VECTICE_STRESS_CONNECTION"] = connectionString;
        return (name, Process.Start(start)!);
    }

    private static async Task<JsonElement> TallyAsync(string name, Process process, CancellationToken timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(timeout);
        var stderr = process.StandardError.ReadToEndAsync(timeout);
        await process.WaitForExitAsync(timeout);
        var text = await stdout;
        Assert.True(process.ExitCode == 0, $"{name} exited with {process.ExitCode}: {text} {await stderr}");
        return JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>An applied change has one audit entry per member it moved (one for a settings change), any other none.</summary>
    private static async Task AssertEachAppliedChangeHasItsEntriesAsync(string connectionString)
    {
        await using var context = Context(connectionString);
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var entries = new Dictionary<PendingChangeId, int>();
        await foreach (var entry in Pages.ReadAllAsync(store, Organization, new AuditQuery { Limit = AuditQuery.MaxLimit }))
        {
            if (entry.PendingChangeId is { } id)
            {
                entries[id] = entries.GetValueOrDefault(id) + 1;
            }
        }

        var changes = await store.ListExpiredPendingChangesAsync(Organization, DateTimeOffset.MaxValue, PendingChangeQuery.MaxLimit, CancellationToken.None);
        Assert.NotEmpty(changes);
        foreach (var id in changes)
        {
            var change = (await store.FindPendingChangeAsync(id, CancellationToken.None))!;
            var expected = change.Status == PendingChangeStatus.Applied ? change.Transitions.Count : 0;
            Assert.True(expected == entries.GetValueOrDefault(id), $"Pending change {id} ({change.Kind}, {change.Status}) has {entries.GetValueOrDefault(id)} audit entries, not {expected}");
        }
    }
}
