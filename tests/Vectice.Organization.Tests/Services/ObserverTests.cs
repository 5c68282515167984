using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.InMemory;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

public sealed class ObserverTests
{
    [Fact]
    public async Task Observers_hear_of_every_committed_change_after_the_commit()
    {
        var heard = new Recorder();
        var services = Services(new InMemoryOrganizationStore(), heard);
        await services.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada));
        await services.Provisioning.AddMemberAsync(Ada, Id, Profile(Grace), OrgRole.Member);
        var demote = (await services.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Viewer)).GetValueOrThrow();
        Assert.Equal(2, heard.Entries.Count);

        await services.RoleChanges.ConfirmAsync(Ada, demote.Id);
        await services.Provisioning.AddMemberAsync(Ada, Id, Profile(Alan), OrgRole.Admin);
        await services.Settings.ChangeAsync(Ada, Id, new OrganizationSettings(true, true));
        await services.RoleChanges.ConfirmAsync(Ada, demote.Id);

        Assert.Equal(
            [AuditAction.OrganizationCreated, AuditAction.MemberAdded, AuditAction.RoleChanged, AuditAction.MemberAdded, AuditAction.SettingsChanged],
            heard.Entries.Select(e => e.Action));
        var demotion = heard.Entries[2];
        Assert.Equal((Grace, OrgRole.Viewer, demote.Id), (demotion.Target, demotion.After.Role, demotion.PendingChangeId!.Value));
        Assert.True(heard.SawCommitted, "An observer was called before the change was stored.");
    }

    [Fact]
    public async Task A_failing_observer_is_logged_and_neither_undoes_nor_fails_the_change()
    {
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var store = new InMemoryOrganizationStore();
        var after = new Recorder();
        var services = Services(store, new Throwing(), after, loggers);
        await services.Provisioning.CreateOrganizationAsync(Id, "Acme", Profile(Ada));
        await services.Provisioning.AddMemberAsync(Ada, Id, Profile(Grace), OrgRole.Member);
        var promote = (await services.RoleChanges.RequestAsync(Ada, Id, Grace, OrgRole.Admin)).GetValueOrThrow();

        var confirmed = await services.RoleChanges.ConfirmAsync(Ada, promote.Id);

        confirmed.GetValueOrThrow();
        Assert.Equal(OrgRole.Admin, (await store.FindMembershipAsync(Id, Grace, CancellationToken.None))!.Role);
        Assert.Equal(3, after.Entries.Count);
        var failure = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 9 && r.Message.Contains(nameof(AuditAction.RoleChanged), StringComparison.Ordinal));
        Assert.Equal(("ObserverFailed", LogLevel.Warning), (failure.Id.Name, failure.Level));
        Assert.IsType<InvalidOperationException>(failure.Exception);
    }

    private static (ProvisioningService Provisioning, RoleChangeService RoleChanges, OrganizationSettingsService Settings) Services(
        InMemoryOrganizationStore store, IMembershipChangeObserver first, IMembershipChangeObserver? second = null, ILoggerFactory? loggers = null)
    {
        var options = Options.Create(new VecticeOrganizationOptions());
        var clock = new FakeTimeProvider(Start);
        IMembershipChangeObserver[] observers = second is null ? [first] : [first, second];
        if (first is Recorder recorder)
        {
            recorder.Store = store;
        }

        loggers ??= LoggerFactory.Create(_ => { });
        return (
            new ProvisioningService(store, options, clock, loggers.CreateLogger<ProvisioningService>(), observers),
            new RoleChangeService(store, options, clock, loggers.CreateLogger<RoleChangeService>(), observers),
            new OrganizationSettingsService(store, options, clock, loggers.CreateLogger<OrganizationSettingsService>(), observers));
    }

    private sealed class Recorder : IMembershipChangeObserver
    {
        public List<AuditEntry> Entries { get; } = [];

        public InMemoryOrganizationStore? Store { get; set; }

        public bool SawCommitted { get; private set; } = true;

        public async ValueTask OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken)
        {
            Entries.Add(change);
            if (Store is not null)
            {
                var trail = (await Store.ListAuditEntriesAsync(change.OrganizationId, new Stores.AuditQuery(), cancellationToken)).Items;
                SawCommitted &= trail.Any(e => e with { Sequence = 0 } == change);
            }
        }
    }

    private sealed class Throwing : IMembershipChangeObserver
    {
        public ValueTask OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The session store is down.");
    }
}
