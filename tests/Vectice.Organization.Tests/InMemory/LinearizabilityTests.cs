using CsCheck;
using Microsoft.Extensions.Options;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>
/// Operations run in parallel on the in-memory store must end in a state that some serial order of
/// the same operations reaches (CsCheck's SampleParallel tries every order).
/// </summary>
public sealed class LinearizabilityTests
{
    private static readonly UserId[] Users = [new("u0"), new("u1"), new("u2"), new("u3"), new("u4")];

    [Fact]
    public void Concurrent_operations_on_one_organization_are_linearizable()
    {
        var admin = Gen.Int[0, 1];
        var user = Gen.Int[0, Users.Length - 1];
        var role = Gen.Int[1, 3].Select(r => (OrgRole)r);
        var which = Gen.Int[0, 1];

        Check.SampleParallel(
            Gen.Int[0, 0].Select(_ => Organization.Create()),
            [
                GenOperation.Create<Organization, (int Actor, int Change)>(Gen.Select(admin, which), t => $"Confirm(u{t.Actor}, P{t.Change})", (o, t) => o.Confirm(t.Actor, t.Change)),
                GenOperation.Create<Organization, (int Actor, int Change)>(Gen.Select(admin, which), t => $"Cancel(u{t.Actor}, P{t.Change})", (o, t) => o.Cancel(t.Actor, t.Change)),
                GenOperation.Create<Organization, (int Actor, int Target, OrgRole Role)>(Gen.Select(admin, user, role), t => $"Change(u{t.Actor}, u{t.Target}, {t.Role})", (o, t) => o.RequestAndConfirm(t.Actor, t.Target, t.Role)),
                GenOperation.Create<Organization, (int Actor, int Target)>(Gen.Select(admin, user), t => $"Deactivate(u{t.Actor}, u{t.Target})", (o, t) => o.Deactivate(t.Actor, t.Target)),
            ],
            equal: (a, b) => a.Describe() == b.Describe(),
            print: o => o.Describe(),
            iter: ModelIterations.Scaled(500));
    }

    /// <summary>An organization with Admins u0 and u1, Member u2, Viewer u3 (u4 is not a member) and two pending changes.</summary>
    private sealed class Organization
    {
        private static readonly OrganizationId Id = new("linear");
        private readonly InMemoryOrganizationStore _store = new();
        private readonly RoleChangeService _roleChanges;
        private readonly PendingChangeId[] _pending = new PendingChangeId[2];

        private Organization()
        {
            var options = Options.Create(new VecticeOrganizationOptions { MaxAttempts = 100 });
            var provisioning = new ProvisioningService(_store, options);
            _roleChanges = new RoleChangeService(_store, options);
            Wait(provisioning.CreateOrganizationAsync(Id, "Linear", Profile(0)));
            Wait(provisioning.AddMemberAsync(Users[0], Id, Profile(1), OrgRole.Admin));
            Wait(provisioning.AddMemberAsync(Users[0], Id, Profile(2), OrgRole.Member));
            Wait(provisioning.AddMemberAsync(Users[0], Id, Profile(3), OrgRole.Viewer));
            _pending[0] = Wait(_roleChanges.RequestAsync(Users[0], Id, Users[2], OrgRole.Admin)).AsT0.Id;
            _pending[1] = Wait(_roleChanges.RequestAsync(Users[1], Id, Users[0], OrgRole.Member)).AsT0.Id;
        }

        public static Organization Create() => new();

        public void Confirm(int actor, int change) => Wait(_roleChanges.ConfirmAsync(Users[actor], _pending[change]));

        public void Cancel(int actor, int change) => Wait(_roleChanges.CancelAsync(Users[actor], _pending[change]));

        public void RequestAndConfirm(int actor, int target, OrgRole role)
        {
            if (Wait(_roleChanges.RequestAsync(Users[actor], Id, Users[target], role)).TryGetValue(out var pending, out _))
            {
                Wait(_roleChanges.ConfirmAsync(Users[actor], pending.Id));
            }
        }

        public void Deactivate(int actor, int target)
        {
            if (Wait(_roleChanges.RequestDeactivationAsync(Users[actor], Id, Users[target])).TryGetValue(out var pending, out _))
            {
                Wait(_roleChanges.ConfirmAsync(Users[actor], pending.Id));
            }
        }

        /// <summary>Everything observable but the random ids: members, the two changes' statuses, the audit trail.</summary>
        public string Describe()
        {
            var members = Wait(_store.ListMembersAsync(Id, new MemberQuery(), CancellationToken.None)).Items;
            var audit = Wait(_store.ListAuditEntriesAsync(Id, new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None)).Items;
            var changes = _pending.Select(id => Wait(_store.FindPendingChangeAsync(id, CancellationToken.None))!.Status);
            return $"{string.Join(", ", members.Select(m => $"{m.UserId}: {m.State}"))} | {string.Join(", ", changes)} | " +
                string.Join(", ", audit.Select(e => $"{e.Action} {e.Target} {e.Before}->{e.After}").Order(StringComparer.Ordinal));
        }

        private static User Profile(int i) => new(Users[i], $"u{i}@example.com", $"User {i}");

        private static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();
    }
}
