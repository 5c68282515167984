using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// Spans and metrics of the <c>Vectice.Organization</c> source and meter. Instruments are process-wide,
/// so these tests run alone (no other test class in parallel) and compare counts before and after.
/// </summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
    public sealed class RunsAlone;

    [Fact]
    public async Task Request_confirm_and_cancel_produce_spans_tagged_with_their_outcome()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Vectice.Organization",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var org = await Acme.SeedAsync();
        spans.Clear();

        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        var other = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        await org.RoleChanges.CancelAsync(Ada, other.Id);

        var mine = spans.Where(s => Equals(s.GetTagItem("vectice.organization.id"), Id.Value)).Select(s => (s.OperationName, s.GetTagItem("vectice.outcome"), s.GetTagItem("vectice.refusal"))).ToList();
        Assert.Equal(
            [
                ("vectice.organization.request_role_change", "requested", null),
                ("vectice.organization.confirm_change", "applied", null),
                ("vectice.organization.confirm_change", "refused", nameof(RefusalCode.PendingChangeClosed)),
                ("vectice.organization.request_role_change", "requested", null),
                ("vectice.organization.cancel_change", "cancelled", null),
            ],
            mine);
    }

    [Fact]
    public async Task Counters_and_the_confirm_histogram_record_each_outcome()
    {
        using var requests = new MetricCollector<long>(null, "Vectice.Organization", "vectice.organization.requests");
        using var confirms = new MetricCollector<long>(null, "Vectice.Organization", "vectice.organization.confirms");
        using var refusals = new MetricCollector<long>(null, "Vectice.Organization", "vectice.organization.refusals");
        using var duration = new MetricCollector<double>(null, "Vectice.Organization", "vectice.organization.confirm.duration");
        var org = await Acme.SeedAsync();
        var (requestsBefore, confirmsBefore) = (Sum(requests), Sum(confirms));

        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        await org.RoleChanges.RequestAsync(Linus, Id, Grace, OrgRole.Viewer);

        Assert.True(Sum(requests) >= requestsBefore + 1);
        Assert.True(Sum(confirms) >= confirmsBefore + 1);
        Assert.Contains(refusals.GetMeasurementSnapshot(), m => Equals(m.Tags["vectice.refusal"], nameof(RefusalCode.PendingChangeClosed)) && Equals(m.Tags["vectice.operation"], "confirm_change"));
        Assert.Contains(refusals.GetMeasurementSnapshot(), m => Equals(m.Tags["vectice.refusal"], nameof(RefusalCode.NotAnActiveAdmin)) && Equals(m.Tags["vectice.operation"], "request_role_change"));
        Assert.Contains(duration.GetMeasurementSnapshot(), m => Equals(m.Tags["vectice.outcome"], "applied") && m.Value >= 0);
        Assert.Contains(duration.GetMeasurementSnapshot(), m => Equals(m.Tags["vectice.outcome"], nameof(RefusalCode.PendingChangeClosed)));
    }

    [Fact]
    public async Task Every_committed_write_counts_once_under_its_operation_and_nothing_else_does()
    {
        using var commits = new MetricCollector<long>(null, "Vectice.Organization", "vectice.organization.commits");
        var org = await Acme.SeedAsync();
        commits.Clear();

        (await org.Provisioning.AddMemberAsync(Ada, Id, Profile(new UserId("margaret")), OrgRole.Viewer)).GetValueOrThrow();
        await org.ApplyAsync(org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin));
        Assert.NotNull((await org.RoleChanges.RequestAsync(Stranger, Id, Grace, OrgRole.Viewer)).Refusal);
        var deactivation = (await org.RoleChanges.RequestDeactivationAsync(Ada, Id, Linus)).GetValueOrThrow();
        (await org.RoleChanges.CancelAsync(Ada, deactivation.Id)).GetValueOrThrow();
        (await org.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: true))).GetValueOrThrow();
        (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        org.Clock.Advance(new VecticeOrganizationOptions().PendingChangeTimeToLive + TimeSpan.FromMinutes(1));
        Assert.Equal(4, (await org.RoleChanges.PurgeExpiredAsync(Ada, Id)).GetValueOrThrow()); // the seed's deactivation of Ken, and these three
        Assert.Equal(0, (await org.RoleChanges.PurgeExpiredAsync(Ada, Id)).GetValueOrThrow());
        (await org.Provisioning.CreateOrganizationAsync(new OrganizationId("acme-commits"), "Acme Commits", Profile(Ada))).GetValueOrThrow();

        Assert.Equal(
            [
                OperationNames.AddMember, OperationNames.RequestRoleChange, OperationNames.ConfirmChange, OperationNames.RequestDeactivation, OperationNames.CancelChange,
                OperationNames.ChangeSettings, OperationNames.RequestRoleChange, OperationNames.PurgeExpiredChanges, OperationNames.CreateOrganization,
            ],
            commits.GetMeasurementSnapshot().Select(m => Assert.IsType<string>(m.Tags["vectice.operation"])));
        Assert.All(commits.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task Lost_races_count_as_conflicts_and_retries()
    {
        using var conflicts = new MetricCollector<long>(null, "Vectice.Organization", "vectice.organization.conflicts");
        using var retries = new MetricCollector<long>(null, "Vectice.Organization", "vectice.organization.retries");
        var real = await Acme.SeedAsync();
        var (conflictsBefore, retriesBefore) = (Sum(conflicts), Sum(retries));

        (await Acme.Create(new LosingStore(real.Store) { CommitConflicts = 2 }).RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();

        Assert.Equal(conflictsBefore + 2, Sum(conflicts));
        Assert.Equal(retriesBefore + 2, Sum(retries));
    }

    [Fact]
    public async Task A_span_of_the_host_gets_no_tag_of_the_sdk_when_nobody_listens_to_the_sdk()
    {
        using var host = new ActivitySource("Vectice.Organization.Tests.Host");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source == host,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var org = await Acme.SeedAsync();

        using var request = host.StartActivity("GET /orgs/acme/users")!;
        Assert.NotNull((await org.RoleChanges.RequestAsync(Linus, Id, Grace, OrgRole.Admin)).Refusal);
        (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        Assert.NotNull((await org.Directory.ListMembersAsync(Ken, Id)).Refusal);
        (await org.Directory.ListMembersAsync(Ada, Id)).GetValueOrThrow();

        Assert.Same(request, Activity.Current);
        Assert.Empty(request.TagObjects);
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
