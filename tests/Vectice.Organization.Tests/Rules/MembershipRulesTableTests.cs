using Snapshooter.Xunit;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.Tests.Rules;

/// <summary>
/// Every combination of actor role and status, target role and status (or not a member, or the
/// actor themself), command and count of other active Admins. Each row is checked against the invariants, and the whole
/// table against an approved snapshot that reads as the specification.
/// </summary>
public sealed class MembershipRulesTableTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId ActorId = new("actor");
    private static readonly UserId TargetId = new("target");

    private static readonly MembershipState?[] States = MembershipStates.AllOrNone;

    private static readonly MembershipChangeCommand[] Commands =
    [
        MembershipChangeCommand.ChangeRole(TargetId, OrgRole.Admin),
        MembershipChangeCommand.ChangeRole(TargetId, OrgRole.Member),
        MembershipChangeCommand.ChangeRole(TargetId, OrgRole.Viewer),
        MembershipChangeCommand.Deactivate(TargetId),
        MembershipChangeCommand.Reactivate(TargetId),
    ];

    private static readonly int[] OtherAdminCounts = [0, 1];

    private static IEnumerable<Row> AllRows() =>
        (from actor in States
         from target in States
         from command in Commands
         from otherAdmins in OtherAdminCounts
         select Row.Create(actor, target, self: false, command, otherAdmins))
        .Concat(
            from actor in States.OfType<MembershipState>()
            from command in Commands
            from otherAdmins in OtherAdminCounts
            select Row.Create(actor, actor, self: true, command, otherAdmins));

    [Fact]
    public void Only_an_active_admin_is_ever_accepted()
    {
        foreach (var row in AllRows())
        {
            var decision = row.Decide();
            if (row.Actor is not { IsActiveAdmin: true })
            {
                Assert.False(decision.IsAccepted, row.ToString());
                Assert.Equal(row.Actor is null ? RefusalCode.OrganizationNotFound : RefusalCode.NotAnActiveAdmin, decision.Refusal!.Code);
            }
        }
    }

    [Fact]
    public void An_accepted_change_never_leaves_the_organization_without_an_active_admin()
    {
        foreach (var row in AllRows().Where(r => r.Decide().IsAccepted))
        {
            var decision = row.Decide();
            var after = row.ActiveAdmins - (decision.From.IsActiveAdmin ? 1 : 0) + (decision.To.IsActiveAdmin ? 1 : 0);
            Assert.True(after >= 1, row.ToString());
        }
    }

    [Fact]
    public void An_accepted_change_moves_the_target_from_its_state_to_what_the_command_asks()
    {
        foreach (var row in AllRows().Where(r => r.Decide().IsAccepted))
        {
            var decision = row.Decide();
            Assert.Equal(row.Target, decision.From);
            Assert.Equal(row.Command.ApplyTo(row.Target!.Value), decision.To);
            Assert.NotEqual(decision.From, decision.To);
        }
    }

    [Fact]
    public void Each_refusal_is_given_exactly_when_its_rule_applies()
    {
        foreach (var row in AllRows().Where(r => r.Actor is { IsActiveAdmin: true }))
        {
            var code = row.Decide().Refusal?.Code;
            var to = row.Target is { } t ? row.Command.ApplyTo(t) : default;
            Assert.Equal(row.Target is null, code == RefusalCode.MemberNotFound);
            if (row.Target is not { } from)
            {
                continue;
            }

            var roleChangeOfDeactivated = row.Command.Kind == ChangeKind.ChangeRole && from.Status == MembershipStatus.Deactivated;
            Assert.Equal(roleChangeOfDeactivated, code == RefusalCode.TargetDeactivated);
            Assert.Equal(!roleChangeOfDeactivated && to == from, code == RefusalCode.NoChange);
            var removesLastAdmin = from.IsActiveAdmin && !to.IsActiveAdmin && row.ActiveAdmins == 1;
            Assert.Equal(!roleChangeOfDeactivated && to != from && removesLastAdmin, code == RefusalCode.LastActiveAdmin);
        }
    }

    [Fact]
    public void The_whole_table_matches_the_approved_snapshot()
    {
        var table = AllRows().Select(row => $"{row} => {Describe(row.Decide())}").ToList();
        Assert.Equal((7 * 7 * 5 * 2) + (6 * 5 * 2), table.Count);
        Assert.Contains(table, line => line.EndsWith(nameof(RefusalCode.LastActiveAdmin), StringComparison.Ordinal));
        Snapshot.Match(table);
    }

    [Fact]
    public void Admins_may_change_themselves_unless_they_are_the_last_one()
    {
        var self = new Membership(Org, new User(ActorId, "a@example.com", "A"), OrgRole.Admin, MembershipStatus.Active);
        var alone = new OrganizationSnapshot(new OrganizationInfo(Org, "Acme", default, 1), self, self, ActiveAdminCount: 1);
        var withAnother = alone with { ActiveAdminCount = 2 };

        Assert.Equal(RefusalCode.LastActiveAdmin, MembershipRules.DecideChange(alone, MembershipChangeCommand.ChangeRole(ActorId, OrgRole.Member)).Refusal!.Code);
        Assert.Equal(RefusalCode.LastActiveAdmin, MembershipRules.DecideChange(alone, MembershipChangeCommand.Deactivate(ActorId)).Refusal!.Code);
        Assert.True(MembershipRules.DecideChange(withAnother, MembershipChangeCommand.ChangeRole(ActorId, OrgRole.Viewer)).IsAccepted);
    }

    [Fact]
    public void A_default_decision_is_not_accepted()
    {
        Assert.False(default(ChangeDecision).IsAccepted);
        Assert.Throws<InvalidOperationException>(() => default(MembershipChangeCommand).ApplyTo(new MembershipState(OrgRole.Admin, MembershipStatus.Active)));
    }

    private static string Describe(ChangeDecision decision) =>
        decision.IsAccepted ? $"accepted {decision.From} -> {decision.To}" : decision.Refusal!.Code.ToString();

    private sealed record Row(MembershipState? Actor, MembershipState? Target, bool Self, MembershipChangeCommand Command, int ActiveAdmins)
    {
        public static Row Create(MembershipState? actor, MembershipState? target, bool self, MembershipChangeCommand command, int otherAdmins)
        {
            var count = otherAdmins + (actor is { IsActiveAdmin: true } ? 1 : 0) + (!self && target is { IsActiveAdmin: true } ? 1 : 0);
            var targetId = self ? ActorId : TargetId;
            command = command.Kind switch
            {
                ChangeKind.ChangeRole => MembershipChangeCommand.ChangeRole(targetId, command.NewRole),
                ChangeKind.Deactivate => MembershipChangeCommand.Deactivate(targetId),
                _ => MembershipChangeCommand.Reactivate(targetId),
            };
            return new Row(actor, target, self, command, count);
        }

        public ChangeDecision Decide()
        {
            var organization = new OrganizationInfo(Org, "Acme", default, 1);
            var actor = Member(ActorId, Actor);
            var snapshot = new OrganizationSnapshot(organization, actor, Self ? actor : Member(TargetId, Target), ActiveAdmins);
            return MembershipRules.DecideChange(snapshot, Command);
        }

        public override string ToString()
        {
            var command = Command.Kind == ChangeKind.ChangeRole ? $"ChangeRole({Command.NewRole})" : Command.Kind.ToString();
            var target = Self ? "self" : Target?.ToString() ?? "none";
            return $"actor {Actor?.ToString() ?? "none"}, target {target}, {command}, {ActiveAdmins} active admins";
        }

        private static Membership? Member(UserId id, MembershipState? state) =>
            state is { } s ? new Membership(Org, new User(id, $"{id.Value}@example.com", id.Value), s.Role, s.Status) : null;
    }
}
