using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class LoggingTests
{
    [Fact]
    public async Task The_flow_logs_stable_event_ids_with_ids_and_roles_only()
    {
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var org = await Acme.SeedAsync(loggers: loggers);

        var pending = (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        await org.RoleChanges.ConfirmAsync(Ada, pending.Id);
        var cancelled = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        await org.RoleChanges.CancelAsync(Ada, cancelled.Id);

        var records = collector.GetSnapshot();
        var ids = records.Select(r => r.Id.Id).ToHashSet();
        Assert.Superset(new HashSet<int> { 1, 2, 3, 4, 6, 7 }, ids);
        var confirmed = Assert.Single(records, r => r.Id.Id == 2 && r.Message.Contains(pending.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal("ChangeConfirmed", confirmed.Id.Name);
        Assert.Contains("Admin (Active)", confirmed.Message, StringComparison.Ordinal);
        var refused = Assert.Single(records, r => r.Id.Id == 4);
        Assert.Contains(nameof(RefusalCode.PendingChangeClosed), refused.Message, StringComparison.Ordinal);

        AssertNoPersonalData(records, "Kit Org", Ada, Alan, Grace, Linus, Ken);
    }

    [Fact]
    public async Task No_service_logs_an_email_or_a_name_on_any_path()
    {
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var org = await Acme.SeedAsync(loggers: loggers);

        // Successes and every kind of refusal each service gives.
        await org.Provisioning.CreateOrganizationAsync(Id, "Acme Again", Profile(Stranger));
        await org.Provisioning.AddMemberAsync(Grace, Id, Profile(Stranger), OrgRole.Viewer);
        await org.Provisioning.AddMemberAsync(Ada, Id, Profile(Grace), OrgRole.Viewer);
        await org.RoleChanges.RequestAsync(Linus, Id, Grace, OrgRole.Admin);
        await org.RoleChanges.RequestAsync(Ada, Id, Ken, OrgRole.Admin);
        await org.RoleChanges.RequestAsync(Ada, Id, Stranger, OrgRole.Admin);
        var expiring = (await org.RoleChanges.RequestAsync(Ada, Id, Linus, OrgRole.Member)).GetValueOrThrow();
        org.Clock.Advance(TimeSpan.FromHours(1));
        await org.RoleChanges.ConfirmAsync(Ada, expiring.Id);
        await org.RoleChanges.ConfirmAsync(Alan, PendingChangeId.New(Id));
        await org.Directory.ListMembersAsync(Ken, Id);
        await org.Directory.ListAuditEntriesAsync(Grace, Id);

        var records = collector.GetSnapshot();
        Assert.True(records.Count > 15);
        AssertNoPersonalData(records, "Acme", Ada, Alan, Grace, Linus, Ken, Stranger);
    }

    [Fact]
    public async Task A_bulk_or_settings_change_logs_its_own_fields_and_no_target_id()
    {
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var org = await Acme.SeedAsync(loggers: loggers);
        collector.Clear();

        var bulk = (await org.RoleChanges.RequestBulkAsync(Ada, Id, [Grace, Linus], OrgRole.Admin)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Ada, bulk.Id)).GetValueOrThrow();
        (await org.Settings.ChangeAsync(Ada, Id, new(false, false, FourEyesPolicy.AllChanges))).GetValueOrThrow();
        var settings = (await org.Settings.RequestChangeAsync(Ada, Id, new(true, false, FourEyesPolicy.Off))).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Alan, settings.Id)).GetValueOrThrow();

        var records = collector.GetSnapshot();
        Assert.Equal([12, 13, 8, 14, 15], records.Select(r => r.Id.Id));
        Assert.Equal(
            ["BulkChangeRequested", "BulkChangeConfirmed", "SettingsChanged", "SettingsChangeRequested", "SettingsChangeConfirmed"],
            records.Select(r => r.Id.Name));
        foreach (var record in records.Where(r => r.Id.Id != 8))
        {
            // No fake target ("2 members", "settings", the requester): a change without one target has no such field.
            Assert.Null(record.GetStructuredStateValue("TargetId"));
            var pending = record.Id.Id < 14 ? bulk : settings;
            Assert.Equal(pending.Id.Value.ToString(), record.GetStructuredStateValue("PendingChangeId"));
        }

        Assert.All(records.Take(2), r => Assert.Equal(("2", "Admin"), (r.GetStructuredStateValue("MemberCount"), r.GetStructuredStateValue("Role"))));
        Assert.All(records.Skip(3), r => Assert.Equal(("True", "False", "Off"), (r.GetStructuredStateValue("MembersCanCreateWorkspaces"), r.GetStructuredStateValue("MembersCanInviteColleagues"), r.GetStructuredStateValue("FourEyes"))));
        Assert.Equal(["ada", "ada", "ada", "ada", "alan"], records.Select(r => r.GetStructuredStateValue("ActorId")));
    }

    [Fact]
    public async Task A_conflict_retry_is_logged()
    {
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var real = await Acme.SeedAsync();
        var org = Acme.Create(new LosingStore(real.Store) { CommitConflicts = 1 }, loggers);

        (await org.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();

        var retried = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 5);
        Assert.Equal("ConflictRetried", retried.Id.Name);
        Assert.Equal(LogLevel.Debug, retried.Level);
    }

    /// <summary>No message or structured value names a user's email or display name, or the organization's name.</summary>
    private static void AssertNoPersonalData(IEnumerable<FakeLogRecord> records, string organizationName, params UserId[] users)
    {
        var everything = string.Join("\n", records.Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(kv => kv.Value) ?? [])));
        foreach (var user in users)
        {
            Assert.DoesNotContain(Profile(user).Email, everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Profile(user).DisplayName, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(organizationName, everything, StringComparison.Ordinal);
    }
}
