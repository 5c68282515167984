using Vectice.Organization.Testing;
using System.Diagnostics;
using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// Every operation reports one name, one of <see cref="OperationNames"/>, in all its signals: span name and
/// tag, counter tags, log fields. Runs in the TelemetryTests collection: the source and meter are process-wide.
/// </summary>
[Collection(nameof(TelemetryTests))]
public sealed class OperationNameTests
{
    private static readonly string[] RequestOperations =
        ["request_bulk_role_change", "request_deactivation", "request_reactivation", "request_role_change", "request_settings_change"];

    [Fact]
    public async Task Every_operation_succeeding_and_refused_reports_its_one_name_everywhere()
    {
        using var capture = new TelemetryCapture();
        var org = await Acme.SeedAsync(loggers: capture.Loggers);
        var (reactivation, expiring, bulk) = await SucceedAtEverythingAsync(org);
        await BeRefusedAtEverythingAsync(org, reactivation, expiring, bulk);

        var spans = capture.Spans;
        var all = TelemetryDoc.Sorted(KnownOperations.All);

        // Each span is named after the operation it is tagged with; every operation has spans; no other name appears.
        Assert.All(spans, s => Assert.Equal("vectice.organization." + s.GetTagItem("vectice.operation"), s.OperationName));
        Assert.Equal(all, TelemetryDoc.Sorted(spans.Select(s => s.GetTagItem("vectice.operation") as string)));
        Assert.Equal(all, TelemetryDoc.Sorted(TelemetryCapture.Operations(capture.Refusals)));
        Assert.Equal(all, TelemetryDoc.Sorted(capture.Logs.Where(r => r.Id.Id == 4).Select(r => r.GetStructuredStateValue("Operation"))));
        Assert.Equal(RequestOperations, TelemetryDoc.Sorted(TelemetryCapture.Operations(capture.Requests)));

        // A span's outcome, when the operation succeeds, is the one the docs give it; when refused, "refused" with its code.
        foreach (var row in TelemetryDoc.Table("Operations"))
        {
            var operation = TelemetryDoc.Code(row[0]);
            var outcomes = spans.Where(s => Equals(s.GetTagItem("vectice.operation"), operation)).Select(s => (string?)s.GetTagItem("vectice.outcome")).ToList();
            Assert.Equal([TelemetryDoc.Code(row[3]), "refused"], TelemetryDoc.Sorted(outcomes).OrderBy(o => o == "refused"));
        }

        Assert.All(spans.Where(s => Equals(s.GetTagItem("vectice.outcome"), "refused")), s => Assert.NotNull(s.GetTagItem("vectice.refusal")));
        Assert.All(spans, s => Assert.Equal(Id.Value, s.GetTagItem("vectice.organization.id")));
    }

    [Fact]
    public async Task A_bulk_change_is_counted_traced_and_logged_under_its_names_without_a_target_id()
    {
        using var capture = new TelemetryCapture();
        var org = await Acme.SeedAsync(loggers: capture.Loggers);
        var (spansBefore, logsBefore) = (capture.Spans.Count, capture.Logs.Count);
        var requestsBefore = capture.Requests.GetMeasurementSnapshot().Count;

        var bulk = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Linus], OrgRole.Admin)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).GetValueOrThrow();

        Assert.Equal(
            [("vectice.organization.request_bulk_role_change", "request_bulk_role_change", "requested"), ("vectice.organization.confirm_change", "confirm_change", "applied")],
            capture.Spans.Skip(spansBefore).Select(s => (s.OperationName, s.GetTagItem("vectice.operation"), s.GetTagItem("vectice.outcome"))));
        Assert.Equal(["request_bulk_role_change"], TelemetryCapture.Operations(capture.Requests).Skip(requestsBefore));
        var logs = capture.Logs.Skip(logsBefore).ToList();
        Assert.Equal([("BulkChangeRequested", "2"), ("BulkChangeConfirmed", "2")], logs.Select(r => (r.Id.Name, r.GetStructuredStateValue("MemberCount"))));
        Assert.All(logs, r => Assert.Null(r.GetStructuredStateValue("TargetId")));
        Assert.Equal($"Bulk change {bulk.Id.Value} requested by ada in organization acme: 2 members to Admin", logs[0].Message);
    }

    [Fact]
    public async Task A_lost_race_is_counted_logged_and_traced_under_the_name_of_the_write_or_read_that_lost_it()
    {
        using var capture = new TelemetryCapture();
        var store = new LosingStore();
        var org = await Acme.SeedAsync(store, capture.Loggers);
        var spansBefore = capture.Spans.Count;

        store.CommitConflicts = 1;
        (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        store.CommitAfterListing = () => org.Provisioning.AddMemberAsync(Ada, Id, Profile(new UserId("churn")), OrgRole.Viewer).AsTask();
        (await org.Directory.ListMembersAsync(Grace, Id)).GetValueOrThrow();

        string[] racers = ["request_role_change", "list_members"];
        Assert.Equal(racers, TelemetryCapture.Operations(capture.Conflicts));
        Assert.Equal(racers, TelemetryCapture.Operations(capture.Retries));
        Assert.Equal(racers, capture.Logs.Where(r => r.Id.Name == "ConflictRetried").Select(r => r.GetStructuredStateValue("Operation")));
        Assert.Equal(
            ["vectice.organization.request_role_change", "vectice.organization.add_member", "vectice.organization.list_members"],
            capture.Spans.Skip(spansBefore).Select(s => s.OperationName));
    }

    /// <summary>Every operation once, succeeding (the seed already created, added, requested a deactivation and confirmed).</summary>
    private static async Task<(PendingChange Reactivation, PendingChange Expiring, PendingChange Bulk)> SucceedAtEverythingAsync(OrganizationUnderTest org)
    {
        var reactivation = (await org.RoleChanges.RequestReactivationAsync(Ada, Id, Ken)).GetValueOrThrow();
        (await org.RoleChanges.CancelAsync(Ada, reactivation.Id)).GetValueOrThrow();
        var expiring = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        var bulk = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Linus], OrgRole.Admin)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).GetValueOrThrow();
        (await org.Settings.ChangeAsync(Ada, Id, new(false, false, FourEyesPolicy.AllChanges))).GetValueOrThrow();
        var settings = (await org.Settings.RequestChangeAsync(Ada, Id, default)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Alan, settings.Id)).GetValueOrThrow();

        (await org.Directory.FindOrganizationAsync(Linus, Id)).GetValueOrThrow();
        (await org.Directory.FindMemberAsync(Linus, Id, Grace)).GetValueOrThrow();
        (await org.Directory.ListMembersAsync(Ada, Id)).GetValueOrThrow();
        (await org.Directory.ListPendingChangesAsync(Ada, Id)).GetValueOrThrow();
        (await org.Directory.FindPendingChangeAsync(Ada, expiring.Id)).GetValueOrThrow();
        (await org.Directory.ListAuditEntriesAsync(Ada, Id)).GetValueOrThrow();
        Assert.True((await org.Directory.StreamAsync(Ada, Id, new AuditQuery { Limit = 4 })).TryGetValue(out var stream, out _));
        var streamed = 0;
        await foreach (var _ in stream)
        {
            streamed++;
        }

        Assert.True(streamed > 4, "the stream read more than one page");
        org.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await org.RoleChanges.PurgeExpiredAsync(Ada, Id)).GetValueOrThrow() > 0);
        return (reactivation, expiring, bulk);
    }

    /// <summary>Every operation once, refused: mostly a stranger acting, or a change already closed or purged.</summary>
    private static async Task BeRefusedAtEverythingAsync(OrganizationUnderTest org, PendingChange reactivation, PendingChange expiring, PendingChange bulk)
    {
        Refusal?[] refusals =
        [
            (await org.Provisioning.CreateOrganizationAsync(Id, "Acme Again", Profile(Ada))).Refusal,
            (await org.Provisioning.AddMemberAsync(Stranger, Id, Profile(new UserId("someone")), OrgRole.Viewer)).Refusal,
            (await org.RoleChanges.RequestAsync(Stranger, Id, Grace, OrgRole.Viewer)).Refusal,
            (await org.RoleChanges.RequestDeactivationAsync(Stranger, Id, Grace)).Refusal,
            (await org.RoleChanges.RequestReactivationAsync(Stranger, Id, Ken)).Refusal,
            (await org.RoleChanges.RequestBulkAsync(Stranger, Id, [Grace], OrgRole.Viewer)).Refusal,
            (await org.Settings.RequestChangeAsync(Stranger, Id, default)).Refusal,
            (await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).Refusal,
            (await org.RoleChanges.CancelAsync(Ada, reactivation.Id)).Refusal,
            (await org.RoleChanges.PurgeExpiredAsync(Stranger, Id)).Refusal,
            (await org.Settings.ChangeAsync(Stranger, Id, default)).Refusal,
            (await org.Directory.FindOrganizationAsync(Stranger, Id)).Refusal,
            (await org.Directory.FindMemberAsync(Ada, Id, Stranger)).Refusal,
            (await org.Directory.ListMembersAsync(Stranger, Id)).Refusal,
            (await org.Directory.ListPendingChangesAsync(Stranger, Id)).Refusal,
            (await org.Directory.FindPendingChangeAsync(Stranger, expiring.Id)).Refusal,
            (await org.Directory.ListAuditEntriesAsync(Stranger, Id)).Refusal,
            (await org.Directory.StreamAsync(Stranger, Id, new MemberQuery())).Refusal,
        ];
        Assert.All(refusals, Assert.NotNull);
    }
}
