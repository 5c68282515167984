using Vectice.Organization.Tests.Results;
using Vectice.Organization.Tests.TestSupport;

namespace Vectice.Organization.Tests.Rules;

/// <summary>
/// The rules' side of the narrowing that <c>ResultShapeTests</c> checks from the results' side: over
/// every actor and target state, command, pending change, four-eyes policy and count of Admins, each
/// refusal a rule gives is one its operation's result lists (its <c>FromRefusal</c> gives it back), and the
/// inputs reach every refusal the result lists but those only the service gives (a lost race, an
/// organization created twice), so that a rule giving a new refusal fails here, not in a host, and a
/// result listing one no rule gives fails too.
/// </summary>
public sealed class RuleRefusalNarrowingTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId ActorId = new("actor");
    private static readonly UserId OtherId = new("other");
    private static readonly UserId TargetId = new("target");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly MembershipState ActiveAdmin = new(OrgRole.Admin, MembershipStatus.Active);
    private static readonly MembershipState ActiveMember = new(OrgRole.Member, MembershipStatus.Active);

    private static readonly MembershipState?[] States = MembershipStates.AllOrNone;

    private static readonly FourEyesPolicy[] Policies = Enum.GetValues<FourEyesPolicy>();

    private static readonly int[] AdminCounts = [1, 2];

    [Fact]
    public void Every_refusal_of_a_change_request_narrows_into_its_result()
    {
        var seen = Narrow(
            from actor in States
            from target in States
            from command in (MembershipChangeCommand[])[
                MembershipChangeCommand.ChangeRole(TargetId, OrgRole.Admin), MembershipChangeCommand.ChangeRole(TargetId, OrgRole.Viewer),
                MembershipChangeCommand.Deactivate(TargetId), MembershipChangeCommand.Reactivate(TargetId)]
            from admins in AdminCounts
            select MembershipRules.DecideChange(Snapshot(FourEyesPolicy.Off, actor, target, admins), command).Refusal,
            r => RequestChangeResult.FromRefusal(r).Refusal);

        // The single request gives all of its result's refusals but the bulk request's own.
        AssertCodes(seen, Listed<RequestChangeResult>(RefusalCode.BulkChangeRefused));
    }

    [Fact]
    public void Every_refusal_of_a_bulk_request_narrows_into_its_result()
    {
        var seen = Narrow(
            from actor in States
            from target in States
            from role in Enum.GetValues<OrgRole>()
            from admins in AdminCounts
            let snapshot = Snapshot(FourEyesPolicy.Off, actor, actor, admins)
            let members = target is { } state ? new Dictionary<UserId, Membership> { [TargetId] = Membership(TargetId, state) } : []
            let self = actor is { } a ? new Dictionary<UserId, Membership> { [ActorId] = Membership(ActorId, a) } : []
            from decision in (ChangeDecision[])[
                MembershipRules.DecideBulkChange(snapshot, [TargetId], members, role),
                MembershipRules.DecideBulkChange(snapshot, [ActorId], self, role)]
            select decision.Refusal,
            r => RequestChangeResult.FromRefusal(r).Refusal);

        // The bulk request names its members' own refusals inside BulkChangeRefused.
        AssertCodes(seen, Listed<RequestChangeResult>(RefusalCode.MemberNotFound, RefusalCode.TargetDeactivated, RefusalCode.NoChange));
    }

    [Fact]
    public void Every_refusal_of_a_confirmation_narrows_into_its_result()
    {
        var seen = Narrow(
            from actor in States
            from requester in (UserId[])[ActorId, OtherId]
            from kind in (ChangeKind[])[ChangeKind.ChangeRole, ChangeKind.BulkChangeRole, ChangeKind.ChangeSettings]
            from status in Enum.GetValues<PendingChangeStatus>()
            from expired in (bool[])[false, true]
            from atRequest in Policies
            from now in Policies
            from stale in (bool[])[false, true]
            from admins in AdminCounts
            from to in (MembershipState[])[ActiveAdmin, ActiveMember]
            let before = to == ActiveAdmin ? ActiveMember : ActiveAdmin
            let pending = Pending(kind, requester, status, expired, atRequest, before, to, stale)
            let target = stale && kind != ChangeKind.ChangeSettings ? to : before
            let members = new Dictionary<UserId, Membership> { [TargetId] = Membership(TargetId, target) }
            select MembershipRules.DecideConfirmation(Snapshot(now, actor, target, admins, pending), pending.Id, ActorId, At, members).Refusal,
            r => ConfirmChangeResult.FromRefusal(r).Refusal);
        var gone = MembershipRules.DecideConfirmation(null, PendingChangeId.New(Org), ActorId, At).Refusal!;
        Assert.Same(gone, ConfirmChangeResult.FromRefusal(gone).Refusal);
        seen.Add(gone.Code);

        AssertCodes(seen, Listed<ConfirmChangeResult>());
    }

    [Fact]
    public void Every_refusal_of_a_cancellation_narrows_into_its_result()
    {
        var seen = Narrow(
            from actor in States
            from status in Enum.GetValues<PendingChangeStatus>()
            let pending = Pending(ChangeKind.ChangeRole, ActorId, status, expired: false, FourEyesPolicy.Off, ActiveMember, ActiveAdmin, stale: false)
            from snapshot in (OrganizationSnapshot?[])[null, Snapshot(FourEyesPolicy.Off, actor, ActiveMember, 1, pending)]
            select MembershipRules.DecideCancellation(snapshot, pending.Id),
            r => CancelChangeResult.FromRefusal(r).Refusal);

        AssertCodes(seen, Listed<CancelChangeResult>());
    }

    [Fact]
    public void Every_refusal_of_adding_a_member_narrows_into_its_result()
    {
        var seen = Narrow(
            from actor in States
            from existing in (MembershipState?[])[null, ActiveMember]
            from policy in Policies
            from invite in (bool[])[false, true]
            from role in Enum.GetValues<OrgRole>()
            let snapshot = Snapshot(new OrganizationSettings(false, invite, policy), actor, existing, 1)
            select MembershipRules.DecideAddMember(snapshot, TargetId, role),
            r => AddMemberResult.FromRefusal(r).Refusal);

        AssertCodes(seen, Listed<AddMemberResult>());
    }

    [Fact]
    public void Every_refusal_of_the_settings_narrows_into_its_result()
    {
        var changes = Narrow(
            from actor in States
            from now in Policies
            from asked in Policies
            from admins in AdminCounts
            select MembershipRules.DecideSettingsChange(Snapshot(now, actor, actor, admins), new OrganizationSettings(false, false, asked)),
            r => ChangeSettingsResult.FromRefusal(r).Refusal);
        var requests = Narrow(
            from actor in States
            from now in Policies
            from asked in Policies
            select MembershipRules.DecideSettingsRequest(Snapshot(now, actor, actor, 2), new OrganizationSettings(false, false, asked)),
            r => RequestSettingsChangeResult.FromRefusal(r).Refusal);
        var creations = Narrow(
            from founders in (int[])[0, 1, 2]
            from policy in Policies
            select MembershipRules.DecideCreation(Org, founders, new OrganizationSettings(false, false, policy)),
            r => CreateOrganizationResult.FromRefusal(r).Refusal);

        AssertCodes(changes, Listed<ChangeSettingsResult>());
        AssertCodes(requests, Listed<RequestSettingsChangeResult>());
        AssertCodes(creations, Listed<CreateOrganizationResult>(RefusalCode.OrganizationAlreadyExists));
    }

    [Fact]
    public void Every_refusal_of_the_reading_rules_narrows_into_the_results_that_give_it()
    {
        var admins = (from actor in States select MembershipRules.RequireActiveAdmin(Org, Membership(ActorId, actor))).ToList();
        var members = (from actor in States select MembershipRules.RequireActiveMember(Org, Membership(ActorId, actor))).ToList();

        AssertCodes(Narrow(admins, r => PurgeResult.FromRefusal(r).Refusal), Listed<PurgeResult>());
        AssertCodes(Narrow(admins, r => PageResult<AuditEntry>.FromRefusal(r).Refusal), Listed<PageResult<AuditEntry>>(RefusalCode.NotAnActiveMember));
        AssertCodes(Narrow(members, r => OrganizationResult.FromRefusal(r).Refusal), Listed<OrganizationResult>());
        AssertCodes(Narrow(members, r => MembershipResult.FromRefusal(r).Refusal), Listed<MembershipResult>(RefusalCode.MemberNotFound));
        AssertCodes(Narrow(members, r => PageResult<Membership>.FromRefusal(r).Refusal), Listed<PageResult<Membership>>(RefusalCode.NotAnActiveAdmin));
        AssertCodes(Narrow(admins, r => StreamResult<AuditEntry>.FromRefusal(r).Refusal), Listed<StreamResult<AuditEntry>>(RefusalCode.NotAnActiveMember));
        AssertCodes(Narrow(members, r => StreamResult<Membership>.FromRefusal(r).Refusal), Listed<StreamResult<Membership>>(RefusalCode.NotAnActiveAdmin));

        // A pending change's reader who is no member is told it is not found before this rule runs.
        var readers = (from actor in States.OfType<MembershipState>() select MembershipRules.RequireActiveAdmin(Org, Membership(ActorId, actor))).ToList();
        AssertCodes(Narrow(readers, r => PendingChangeResult.FromRefusal(r).Refusal), Listed<PendingChangeResult>(RefusalCode.PendingChangeNotFound));
    }

    /// <summary>Narrows each refusal, which must come back as itself; the codes seen.</summary>
    private static HashSet<RefusalCode> Narrow(IEnumerable<Refusal?> refusals, Func<Refusal, Refusal?> narrow)
    {
        var seen = new HashSet<RefusalCode>();
        foreach (var refusal in refusals.OfType<Refusal>())
        {
            Assert.Same(refusal, narrow(refusal));
            seen.Add(refusal.Code);
        }

        return seen;
    }

    private static void AssertCodes(HashSet<RefusalCode> seen, IEnumerable<RefusalCode> expected) =>
        Assert.Equal(expected.Order(), seen.Order());

    /// <summary>
    /// The refusals <typeparamref name="TResult"/> lists, but a lost race (the pipeline's, never a rule's)
    /// and <paramref name="notFromThisRule"/>: those the service or another rule gives.
    /// </summary>
    private static IEnumerable<RefusalCode> Listed<TResult>(params RefusalCode[] notFromThisRule) =>
        ResultShapeTests.OneOfBase(typeof(TResult))!.GetGenericArguments()[1..]
            .Select(refusal => Enum.Parse<RefusalCode>(refusal.Name))
            .Except([RefusalCode.ConcurrencyConflict, .. notFromThisRule]);

    private static OrganizationSnapshot Snapshot(FourEyesPolicy fourEyes, MembershipState? actor, MembershipState? target, int admins, PendingChange? pending = null) =>
        Snapshot(new OrganizationSettings(false, false, fourEyes), actor, target, admins, pending);

    private static OrganizationSnapshot Snapshot(OrganizationSettings settings, MembershipState? actor, MembershipState? target, int admins, PendingChange? pending = null) =>
        new(new OrganizationInfo(Org, "Acme", settings, version: 3), Membership(ActorId, actor), Membership(TargetId, target), admins, pending);

    private static Membership? Membership(UserId id, MembershipState? state) =>
        state is { } s ? Membership(id, s) : null;

    private static Membership Membership(UserId id, MembershipState state) =>
        new(Org, new User(id, $"{id.Value}@example.com", id.Value), state.Role, state.Status);

    private static PendingChange Pending(
        ChangeKind kind, UserId requester, PendingChangeStatus status, bool expired, FourEyesPolicy atRequest, MembershipState from, MembershipState to, bool stale)
    {
        var settings = new OrganizationSettings(false, false, atRequest);
        return new PendingChange
        {
            Id = PendingChangeId.New(Org),
            OrganizationId = Org,
            Target = TargetId,
            Kind = kind,
            From = from,
            To = to,
            Members = kind == ChangeKind.BulkChangeRole ? [new MemberTransition(TargetId, from)] : null,
            SettingsBefore = kind == ChangeKind.ChangeSettings ? (stale ? settings with { MembersCanCreateWorkspaces = true } : settings) : null,
            SettingsAfter = kind == ChangeKind.ChangeSettings ? settings with { FourEyes = FourEyesPolicy.Off } : null,
            FourEyesAtRequest = atRequest,
            Status = status,
            RequestedBy = requester,
            RequestedAt = At.AddMinutes(-30),
            ExpiresAt = expired ? At : At.AddMinutes(15),
        };
    }
}
