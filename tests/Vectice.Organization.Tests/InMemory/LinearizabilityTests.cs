using CsCheck;
using Moq;
using Xunit.Abstractions;
using Microsoft.Extensions.Options;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;
using Vectice.Organization.Testing;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>
/// Operations run in parallel on the in-memory store must end in a state that some serial order of
/// the same operations reaches (CsCheck's SampleParallel tries every order). Each operation is one
/// SDK call: a request and its confirm are two operations, since a change may go stale between them.
/// </summary>
public sealed class LinearizabilityTests(ITestOutputHelper output)
{
    private static readonly UserId[] Users = [new("u0"), new("u1"), new("u2"), new("u3"), new("u4")];

    [Fact]
    public void Concurrent_operations_on_one_organization_are_linearizable() =>
        CheckLinearizable(static store => Interleaving(store, versionChecked: true), ModelIterations.Scaled(500));

    /// <summary>The check has teeth: a store that skips the version check (the last writer wins) fails it.</summary>
    [Fact]
    public void A_store_without_the_version_check_is_not_linearizable()
    {
        var failure = Assert.Throws<CsCheckException>(() => CheckLinearizable(static store => Interleaving(store, versionChecked: false), 500));
        output.WriteLine(failure.Message);
    }

    /// <summary>
    /// The store, giving up the thread's time slice before each read and commit so that operations run in
    /// parallel really interleave between their read and their commit, even on a loaded machine; without the version
    /// check, it commits on whatever version is stored by then, as if the check were missing.
    /// </summary>
    private static IOrganizationStore Interleaving(IOrganizationStore store, bool versionChecked)
    {
        var interleaving = new Mock<DelegatingOrganizationStore>(store) { CallBase = true }.RunningWritesAsIs();
        interleaving.Setup(s => s.LoadSnapshotAsync(It.IsAny<OrganizationId>(), It.IsAny<UserId>(), It.IsAny<UserId>(), It.IsAny<PendingChangeId?>(), It.IsAny<CancellationToken>()))
            .Returns((OrganizationId o, UserId a, UserId t, PendingChangeId? p, CancellationToken ct) =>
            {
                Thread.Yield();
                return store.LoadSnapshotAsync(o, a, t, p, ct);
            });
        interleaving.Setup(s => s.LoadPendingChangeSnapshotAsync(It.IsAny<PendingChangeId>(), It.IsAny<UserId>(), It.IsAny<CancellationToken>()))
            .Returns((PendingChangeId id, UserId a, CancellationToken ct) =>
            {
                Thread.Yield();
                return store.LoadPendingChangeSnapshotAsync(id, a, ct);
            });
        interleaving.Setup(s => s.CommitAsync(It.IsAny<OrganizationCommit>(), It.IsAny<CancellationToken>()))
            .Returns((OrganizationCommit commit, CancellationToken ct) =>
            {
                Thread.Yield();

                // The in-memory store answers synchronously.
                var stored = versionChecked || commit.ExpectedVersion == 0 ? null : store.LoadSnapshotAsync(commit.Organization.Id, Users[0], Users[0], null, ct).AsTask().GetAwaiter().GetResult();
                return store.CommitAsync(stored is null ? commit : commit with { Organization = commit.Organization with { Version = stored.Organization.Version + 1 } }, ct);
            });
        return interleaving.Object;
    }

    private static void CheckLinearizable(Func<IOrganizationStore, IOrganizationStore> wrap, long iterations)
    {
        var admin = Gen.Int[0, 1];
        var user = Gen.Int[0, Users.Length - 1];
        var role = Gen.Int[1, 3].Select(r => (OrgRole)r);
        var which = Gen.Int[0, 3];

        Check.SampleParallel(
            Gen.Int[0, 0].Select(_ => Organization.Create(wrap)),
            [
                GenOperation.Create<Organization, (int Actor, int Change)>(Gen.Select(admin, which), t => $"Confirm(u{t.Actor}, P{t.Change})", (o, t) => o.Confirm(t.Actor, t.Change)),
                GenOperation.Create<Organization, (int Actor, int Change)>(Gen.Select(admin, which), t => $"Cancel(u{t.Actor}, P{t.Change})", (o, t) => o.Cancel(t.Actor, t.Change)),
                GenOperation.Create<Organization, (int Actor, int Target, OrgRole Role)>(Gen.Select(admin, user, role), t => $"Request(u{t.Actor}, u{t.Target}, {t.Role})", (o, t) => o.Request(t.Actor, t.Target, t.Role)),
                GenOperation.Create<Organization, (int Actor, OrgRole Role)>(Gen.Select(admin, role), t => $"AddMember(u{t.Actor}, u4, {t.Role})", (o, t) => o.AddMember(t.Actor, t.Role)),
            ],
            equal: (a, b) => a.Describe() == b.Describe(),
            print: o => o.Describe(),
            iter: iterations);
    }

    /// <summary>
    /// An organization with Admins u0 and u1, Member u2, Viewer u3 (u4 is not a member) and four pending
    /// changes: P0 u2 to Admin (by u0), P1 u0 to Member (by u1), P2 u3 to Member (by u0), P3 u2 deactivated (by u1).
    /// </summary>
    private sealed class Organization
    {
        private static readonly OrganizationId Id = new("linear");
        private readonly InMemoryOrganizationStore _store = new();
        private readonly IOrganizationStore _writes;
        private readonly RoleChangeService _roleChanges;
        private readonly ProvisioningService _provisioning;
        private readonly PendingChangeId[] _pending = new PendingChangeId[4];

        private Organization(Func<IOrganizationStore, IOrganizationStore> wrap)
        {
            var options = Options.Create(new VecticeOrganizationOptions { MaxAttempts = 100 });
            _writes = wrap(_store);
            _provisioning = new ProvisioningService(_writes, options);
            _roleChanges = new RoleChangeService(_writes, options);
            Wait(_provisioning.CreateOrganizationAsync(Id, "Linear", Profile(0)));
            Wait(_provisioning.AddMemberAsync(Users[0], Id, Profile(1), OrgRole.Admin));
            Wait(_provisioning.AddMemberAsync(Users[0], Id, Profile(2), OrgRole.Member));
            Wait(_provisioning.AddMemberAsync(Users[0], Id, Profile(3), OrgRole.Viewer));
            _pending[0] = Wait(_roleChanges.RequestAsync(Users[0], Id, Users[2], OrgRole.Admin)).GetValueOrThrow().Id;
            _pending[1] = Wait(_roleChanges.RequestAsync(Users[1], Id, Users[0], OrgRole.Member)).GetValueOrThrow().Id;
            _pending[2] = Wait(_roleChanges.RequestAsync(Users[0], Id, Users[3], OrgRole.Member)).GetValueOrThrow().Id;
            _pending[3] = Wait(_roleChanges.RequestDeactivationAsync(Users[1], Id, Users[2])).GetValueOrThrow().Id;
        }

        public static Organization Create(Func<IOrganizationStore, IOrganizationStore> wrap) => new(wrap);

        public void Confirm(int actor, int change) => Wait(_roleChanges.ConfirmAsync(Users[actor], _pending[change]));

        public void Cancel(int actor, int change) => Wait(_roleChanges.CancelAsync(Users[actor], _pending[change]));

        public void Request(int actor, int target, OrgRole role) => Wait(_roleChanges.RequestAsync(Users[actor], Id, Users[target], role));

        public void AddMember(int actor, OrgRole role) => Wait(_provisioning.AddMemberAsync(Users[actor], Id, Profile(4), role));

        /// <summary>Everything observable but the random ids: members, the four changes' statuses, open requests, the audit trail.</summary>
        public string Describe()
        {
            var members = Wait(_store.ListMembersAsync(Id, new MemberQuery(), CancellationToken.None)).Items;
            var audit = Wait(_store.ListAuditEntriesAsync(Id, new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None)).Items;
            var changes = _pending.Select(id => Wait(_store.FindPendingChangeAsync(id, CancellationToken.None))!.Status);
            var requests = Wait(_store.ListPendingChangesAsync(Id, new PendingChangeQuery { Limit = PendingChangeQuery.MaxLimit }, CancellationToken.None)).Items
                .Where(c => !_pending.Contains(c.Id))
                .Select(c => $"{c.Target}:{c.From}->{c.To}")
                .Order(StringComparer.Ordinal);
            return $"{string.Join(", ", members.Select(m => $"{m.UserId}: {m.State}"))} | {string.Join(", ", changes)} | {string.Join(", ", requests)} | " +
                string.Join(", ", audit.Select(e => $"{e.Action} {e.Target} {e.Before}->{e.After}").Order(StringComparer.Ordinal));
        }

        private static User Profile(int i) => new(Users[i], $"u{i}@example.com", $"User {i}");

        private static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();
    }
}
