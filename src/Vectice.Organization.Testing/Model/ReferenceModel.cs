namespace Vectice.Organization.Testing;

/// <summary>
/// The rules of the SDK written a second time, as plainly as possible, over plain collections: the
/// specification the stores are compared with. Refusals are checked in the order the SDK documents
/// (docs/architecture.md).
/// </summary>
internal sealed class ReferenceModel
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(15);

    public Dictionary<int, MembershipState> Members { get; } = new() { [0] = new(OrgRole.Admin, MembershipStatus.Active) };

    public OrganizationSettings Settings { get; private set; }

    public List<Change> Changes { get; } = [];

    public int AuditEntries { get; private set; } = 1;

    public TimeSpan Now { get; private set; }

    public string LastOutcome { get; private set; } = "created";

    public int ActiveAdmins => Members.Values.Count(m => m.IsActiveAdmin);

    public void AddMember(int actor, int user, OrgRole role)
    {
        var permission = role == OrgRole.Admin ? Permission.ManageUsers : Permission.InviteColleagues;
        LastOutcome = !Members.TryGetValue(actor, out var a) ? nameof(RefusalCode.OrganizationNotFound)
            : a.Status != MembershipStatus.Active || !PermissionMatrix.IsAllowed(a.Role, permission, Settings) ? nameof(RefusalCode.NotPermitted)
            : role == OrgRole.Admin && Settings.FourEyes != FourEyesPolicy.Off ? nameof(RefusalCode.FourEyesRequired)
            : Members.ContainsKey(user) ? nameof(RefusalCode.MemberAlreadyExists)
            : Ok(() =>
            {
                Members[user] = new MembershipState(role, MembershipStatus.Active);
                AuditEntries++;
            });
    }

    public void Request(int actor, int target, ChangeKind kind, OrgRole role)
    {
        if (!Members.TryGetValue(actor, out var a))
        {
            LastOutcome = nameof(RefusalCode.OrganizationNotFound);
            return;
        }

        if (!a.IsActiveAdmin || !Members.TryGetValue(target, out var current))
        {
            LastOutcome = a.IsActiveAdmin ? nameof(RefusalCode.MemberNotFound) : nameof(RefusalCode.NotAnActiveAdmin);
            return;
        }

        var to = kind switch
        {
            ChangeKind.Deactivate => current with { Status = MembershipStatus.Deactivated },
            ChangeKind.Reactivate => current with { Status = MembershipStatus.Active },
            _ => current with { Role = role },
        };
        LastOutcome = kind == ChangeKind.ChangeRole && current.Status == MembershipStatus.Deactivated ? nameof(RefusalCode.TargetDeactivated)
            : to == current ? nameof(RefusalCode.NoChange)
            : RemovesLastAdmin(current, to) ? nameof(RefusalCode.LastActiveAdmin)
            : Ok(() => Changes.Add(new Change(target, current, to, actor, Now + TimeToLive)));
    }

    public void RequestBulk(int actor, IReadOnlyList<int> targets, OrgRole role)
    {
        if (!Members.TryGetValue(actor, out var a) || !a.IsActiveAdmin)
        {
            LastOutcome = a == default ? nameof(RefusalCode.OrganizationNotFound) : nameof(RefusalCode.NotAnActiveAdmin);
            return;
        }

        var refused = targets.Any(t => !Members.TryGetValue(t, out var m) || m.Status == MembershipStatus.Deactivated || m.Role == role);
        var to = new MembershipState(role, MembershipStatus.Active);
        var moves = targets.Select(t => (Target: t, From: Members.GetValueOrDefault(t))).ToList();
        LastOutcome = refused ? nameof(RefusalCode.BulkChangeRefused)
            : RemovesTooManyAdmins(moves.Select(m => m.From).ToList(), to) ? nameof(RefusalCode.LastActiveAdmin)
            : Ok(() => Changes.Add(new Change(moves[0].Target, moves[0].From, to, actor, Now + TimeToLive) { Bulk = moves }));
    }

    public void ChangeSettings(int actor, OrganizationSettings settings)
    {
        LastOutcome = !Members.TryGetValue(actor, out var a) ? nameof(RefusalCode.OrganizationNotFound)
            : !a.IsActiveAdmin ? nameof(RefusalCode.NotAnActiveAdmin)
            : ActiveAdmins < settings.MinimumActiveAdmins ? nameof(RefusalCode.TooFewAdmins)
            : Ok(() =>
            {
                AuditEntries += Settings == settings ? 0 : 1;
                Settings = settings;
            });
    }

    public void Confirm(int actor, int index)
    {
        if (!Find(actor, index, out var change))
        {
            return;
        }

        var moves = change.Bulk ?? [(change.Target, change.From)];
        var grants = change.To.IsActiveAdmin && moves.Any(m => !m.From.IsActiveAdmin);
        var needsSecondAdmin = Settings.FourEyes == FourEyesPolicy.AllChanges || (Settings.FourEyes == FourEyesPolicy.AdminGrants && grants);
        LastOutcome = Now >= change.ExpiresAt ? nameof(RefusalCode.PendingChangeExpired)
            : (actor == change.RequestedBy) == needsSecondAdmin ? nameof(RefusalCode.ConfirmerNotAllowed)
            : moves.Any(m => Members[m.Target] != m.From) ? nameof(RefusalCode.StaleChange)
            : RemovesTooManyAdmins(moves.Select(m => m.From).ToList(), change.To) ? nameof(RefusalCode.LastActiveAdmin)
            : Ok(() =>
            {
                foreach (var (target, _) in moves)
                {
                    Members[target] = change.To;
                }

                change.Status = PendingChangeStatus.Applied;
                AuditEntries += moves.Count;
            });
    }

    public void Cancel(int actor, int index)
    {
        if (Find(actor, index, out var change))
        {
            LastOutcome = Ok(() => change.Status = PendingChangeStatus.Cancelled);
        }
    }

    public void Advance(TimeSpan by) => (Now, LastOutcome) = (Now + by, "ok");

    public override string ToString() =>
        $"settings {Settings}; members {string.Join(", ", Members.OrderBy(m => m.Key).Select(m => $"u{m.Key}: {m.Value}"))}; " +
        $"changes {string.Join(", ", Changes.Select(c => c.Status))}; audit {AuditEntries}; last {LastOutcome}";

    /// <summary>The common first checks of confirm and cancel; sets the refusal when they fail.</summary>
    private bool Find(int actor, int index, out Change change)
    {
        change = Changes.Count == 0 ? null! : Changes[index % Changes.Count];
        LastOutcome = change is null || !Members.TryGetValue(actor, out var a) ? nameof(RefusalCode.PendingChangeNotFound)
            : !a.IsActiveAdmin ? nameof(RefusalCode.NotAnActiveAdmin)
            : change.Status != PendingChangeStatus.Pending ? nameof(RefusalCode.PendingChangeClosed)
            : string.Empty;
        return LastOutcome.Length == 0;
    }

    private bool RemovesLastAdmin(MembershipState from, MembershipState to) => RemovesTooManyAdmins([from], to);

    private bool RemovesTooManyAdmins(IReadOnlyList<MembershipState> froms, MembershipState to)
    {
        var removed = froms.Count(f => f.IsActiveAdmin && !to.IsActiveAdmin);
        var added = to.IsActiveAdmin ? froms.Count(f => !f.IsActiveAdmin) : 0;
        return removed > 0 && ActiveAdmins - removed + added < Settings.MinimumActiveAdmins;
    }

    private static string Ok(Action apply)
    {
        apply();
        return "ok";
    }

    internal sealed record Change(int Target, MembershipState From, MembershipState To, int RequestedBy, TimeSpan ExpiresAt)
    {
        public PendingChangeStatus Status { get; set; } = PendingChangeStatus.Pending;

        public List<(int Target, MembershipState From)>? Bulk { get; init; }
    }
}
