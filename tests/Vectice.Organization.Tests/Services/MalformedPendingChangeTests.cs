using Vectice.Organization.Stores;
using Vectice.Organization.Testing.Tests;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// A store whose data lost what a pending change needs to be applied (a custom store's bug) makes the
/// confirm fail with <see cref="InvalidOperationException"/>, and nothing is written. Before the rules planned the write, a settings
/// change without its settings was applied as a change of its requester's membership back to its state
/// at request: an Admin demoted since was made Admin again, past every rule.
/// </summary>
public sealed class MalformedPendingChangeTests
{
    private static readonly UserId Barbara = new("barbara");

    [Fact]
    public async Task A_settings_change_read_without_its_settings_writes_nothing_and_fails_as_broken_data()
    {
        var store = new SettingsStrippingStore();
        var org = await Acme.SeedAsync(store);
        await org.AddAsync(Barbara, OrgRole.Admin);
        (await org.Settings.ChangeAsync(Ada, Acme.Id, new OrganizationSettings(false, false, FourEyesPolicy.AllChanges))).GetValueOrThrow();
        var weaken = (await org.Settings.RequestChangeAsync(Ada, Acme.Id, new OrganizationSettings(false, false, FourEyesPolicy.Off))).GetValueOrThrow();
        var demotion = (await org.RoleChanges.RequestAsync(Alan, Acme.Id, Ada, OrgRole.Member)).GetValueOrThrow();
        (await org.RoleChanges.ConfirmAsync(Barbara, demotion.Id)).GetValueOrThrow();
        var audit = (await org.AuditAsync()).Count;
        var version = (await store.LoadSnapshotAsync(Acme.Id, Alan, Alan, null, CancellationToken.None))!.Organization.Version;

        store.Strip = true;
        var outcome = await Record.ExceptionAsync(() => org.RoleChanges.ConfirmAsync(Alan, weaken.Id).AsTask());
        store.Strip = false;

        // What must hold whatever the confirm answers: nothing written, Ada still a Member.
        Assert.Equal(new MembershipState(OrgRole.Member, MembershipStatus.Active), (await org.MemberAsync(Ada))!.State);
        Assert.Equal(PendingChangeStatus.Pending, (await store.FindPendingChangeAsync(weaken.Id, CancellationToken.None))!.Status);
        Assert.Equal(audit, (await org.AuditAsync()).Count);
        var after = (await store.LoadSnapshotAsync(Acme.Id, Alan, Alan, null, CancellationToken.None))!.Organization;
        Assert.Equal(version, after.Version);
        Assert.Equal(FourEyesPolicy.AllChanges, after.Settings.FourEyes);

        // How: broken infrastructure, told as such, with the rule's finding inside.
        var failure = Assert.IsType<InvalidOperationException>(outcome);
        Assert.Equal("snapshot", Assert.IsType<ArgumentException>(failure.InnerException).ParamName);
    }

    /// <summary>Reads pending changes without their settings after, while <see cref="Strip"/> is set.</summary>
    private sealed class SettingsStrippingStore : ForwardingStore
    {
        public bool Strip { get; set; }

        public override async ValueTask<OrganizationSnapshot?> LoadPendingChangeSnapshotAsync(PendingChangeId pendingChangeId, UserId actor, CancellationToken cancellationToken)
        {
            var snapshot = await base.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken);
            return Strip && snapshot?.PendingChange is { } pending ? snapshot with { PendingChange = pending with { SettingsAfter = null } } : snapshot;
        }
    }
}
