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

    public List<Change> Changes { get; } = [];

    public int AuditEntries { get; private set; } = 1;

    public TimeSpan Now { get; private set; }

    public string LastOutcome { get; private set; } = "created";

    public int ActiveAdmins => Members.Values.Count(m => m.IsActiveAdmin);

    public void AddMember(int actor, int user, OrgRole role)
    {
        var permission = role == OrgRole.Admin ? Permission.ManageUsers : Permission.InviteColleagues;
        LastOutcome = !Members.TryGetValue(actor, out var a) ? nameof(RefusalCode.OrganizationNotFound)
            : a.Status != MembershipStatus.Active || !PermissionMatrix.IsAllowed(a.Role, permission, default) ? nameof(RefusalCode.NotPermitted)
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

    public void Confirm(int actor, int index)
    {
        if (!Find(actor, index, out var change))
        {
            return;
        }

        LastOutcome = Now >= change.ExpiresAt ? nameof(RefusalCode.PendingChangeExpired)
            : actor != change.RequestedBy ? nameof(RefusalCode.ConfirmerNotAllowed)
            : Members[change.Target] != change.From ? nameof(RefusalCode.StaleChange)
            : RemovesLastAdmin(change.From, change.To) ? nameof(RefusalCode.LastActiveAdmin)
            : Ok(() =>
            {
                Members[change.Target] = change.To;
                change.Status = PendingChangeStatus.Applied;
                AuditEntries++;
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
        $"members {string.Join(", ", Members.OrderBy(m => m.Key).Select(m => $"u{m.Key}: {m.Value}"))}; " +
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

    private bool RemovesLastAdmin(MembershipState from, MembershipState to) => from.IsActiveAdmin && !to.IsActiveAdmin && ActiveAdmins <= 1;

    private static string Ok(Action apply)
    {
        apply();
        return "ok";
    }

    internal sealed record Change(int Target, MembershipState From, MembershipState To, int RequestedBy, TimeSpan ExpiresAt)
    {
        public PendingChangeStatus Status { get; set; } = PendingChangeStatus.Pending;
    }
}
