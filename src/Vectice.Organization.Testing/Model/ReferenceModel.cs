namespace Vectice.Organization.Testing;

/// <summary>
/// The rules of the SDK written a second time, as plainly as possible, over plain collections: the
/// specification the stores are compared with. It calls none of the SDK's rules or helpers (no
/// permission matrix, no minimum-Admins or four-eyes formula): a mistake copied into both would agree
/// with itself. Refusals are checked in the order the SDK documents (docs/architecture.md).
/// </summary>
internal sealed class ReferenceModel
{
    private readonly TimeSpan _timeToLive;

    /// <summary>An organization founded by u0 (and u1 with two founders), with the given settings and time to live.</summary>
    public ReferenceModel(OrganizationSettings settings, int founders, TimeSpan timeToLive)
    {
        _timeToLive = timeToLive;
        if (settings.FourEyes != FourEyesPolicy.Off && founders < 2)
        {
            LastOutcome = nameof(RefusalCode.TooFewAdmins);
            return;
        }

        for (var founder = 0; founder < founders; founder++)
        {
            Members[founder] = new MembershipState(OrgRole.Admin, MembershipStatus.Active);
        }

        Settings = settings;
        AuditEntries = founders;
    }

    public Dictionary<int, MembershipState> Members { get; } = [];

    public OrganizationSettings Settings { get; private set; }

    public List<Change> Changes { get; } = [];

    public int AuditEntries { get; private set; }

    public TimeSpan Now { get; private set; }

    public string LastOutcome { get; private set; } = "ok";

    public int ActiveAdmins => Members.Values.Count(IsActiveAdmin);

    /// <summary>Two active Admins while any four-eyes policy is on, one otherwise.</summary>
    public int AdminsRequired => Settings.FourEyes == FourEyesPolicy.Off ? 1 : 2;

    public void AddMember(int actor, int user, OrgRole role)
    {
        if (!Members.TryGetValue(actor, out var a))
        {
            LastOutcome = nameof(RefusalCode.OrganizationNotFound);
            return;
        }

        // Admins add anyone; Members add Members and Viewers when the setting lets them; Viewers no one.
        var mayAdd = a.Status == MembershipStatus.Active
            && (a.Role == OrgRole.Admin || (a.Role == OrgRole.Member && role != OrgRole.Admin && Settings.MembersCanInviteColleagues));
        LastOutcome = !mayAdd ? nameof(RefusalCode.NotPermitted)
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
        if (RefuseUnlessActiveAdmin(actor))
        {
            return;
        }

        if (!Members.TryGetValue(target, out var current))
        {
            LastOutcome = nameof(RefusalCode.MemberNotFound);
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
            : LeavesTooFewAdmins([current], to) ? nameof(RefusalCode.LastActiveAdmin)
            : Ok(() => Changes.Add(NewChange(actor, [(target, current)], to)));
    }

    public void RequestBulk(int actor, IReadOnlyList<int> targets, OrgRole role)
    {
        if (RefuseUnlessActiveAdmin(actor))
        {
            return;
        }

        var refused = targets.Any(t => !Members.TryGetValue(t, out var m) || m.Status == MembershipStatus.Deactivated || m.Role == role);
        var to = new MembershipState(role, MembershipStatus.Active);
        var moves = targets.Select(t => (Target: t, From: Members.GetValueOrDefault(t))).ToList();
        LastOutcome = refused ? nameof(RefusalCode.BulkChangeRefused)
            : LeavesTooFewAdmins([.. moves.Select(m => m.From)], to) ? nameof(RefusalCode.LastActiveAdmin)
            : Ok(() => Changes.Add(NewChange(actor, moves, to)));
    }

    public void ChangeSettings(int actor, OrganizationSettings settings)
    {
        if (RefuseUnlessActiveAdmin(actor))
        {
            return;
        }

        var required = settings.FourEyes == FourEyesPolicy.Off ? 1 : 2;
        LastOutcome = settings.FourEyes < Settings.FourEyes ? nameof(RefusalCode.FourEyesRequired)
            : ActiveAdmins < required ? nameof(RefusalCode.TooFewAdmins)
            : Ok(() =>
            {
                AuditEntries += Settings == settings ? 0 : 1;
                Settings = settings;
            });
    }

    public void RequestSettings(int actor, OrganizationSettings settings)
    {
        if (RefuseUnlessActiveAdmin(actor))
        {
            return;
        }

        LastOutcome = settings.FourEyes >= Settings.FourEyes ? nameof(RefusalCode.ConfirmationNotNeeded)
            : Ok(() => Changes.Add(NewChange(actor, [(actor, Members[actor])], Members[actor]) with { SettingsBefore = Settings, SettingsAfter = settings }));
    }

    public void Confirm(int actor, int index)
    {
        if (!Find(actor, index, out var change))
        {
            return;
        }

        // Four-eyes as it was at request decides who confirms; a change it came to guard since is stale.
        var needsSecondAdmin = FourEyesGuards(change.FourEyesAtRequest, change);
        if (Now >= change.ExpiresAt)
        {
            LastOutcome = nameof(RefusalCode.PendingChangeExpired);
        }
        else if (!needsSecondAdmin && FourEyesGuards(Settings.FourEyes, change))
        {
            LastOutcome = nameof(RefusalCode.StaleChange);
        }
        else if ((actor == change.RequestedBy) == needsSecondAdmin)
        {
            LastOutcome = nameof(RefusalCode.ConfirmerNotAllowed);
        }
        else if (change.SettingsAfter is { } settings)
        {
            LastOutcome = Settings != change.SettingsBefore ? nameof(RefusalCode.StaleChange) : Ok(() =>
            {
                Settings = settings;
                change.Status = "Applied";
                AuditEntries++;
            });
        }
        else
        {
            LastOutcome = change.Moves.Any(m => Members[m.Target] != m.From) ? nameof(RefusalCode.StaleChange)
                : LeavesTooFewAdmins([.. change.Moves.Select(m => m.From)], change.To) ? nameof(RefusalCode.LastActiveAdmin)
                : Ok(() =>
                {
                    foreach (var (target, _) in change.Moves)
                    {
                        Members[target] = change.To;
                    }

                    change.Status = "Applied";
                    AuditEntries += change.Moves.Count;
                });
        }
    }

    public void Cancel(int actor, int index)
    {
        if (Find(actor, index, out var change))
        {
            LastOutcome = Ok(() => change.Status = "Cancelled");
        }
    }

    public void Purge(int actor)
    {
        if (RefuseUnlessActiveAdmin(actor))
        {
            return;
        }

        var expired = Changes.Where(c => c.Status != "Purged" && Now >= c.ExpiresAt).ToList();
        expired.ForEach(c => c.Status = "Purged");
        AuditEntries += expired.Count > 0 ? 1 : 0;
        LastOutcome = $"purged {expired.Count}";
    }

    public void Advance(TimeSpan by) => (Now, LastOutcome) = (Now + by, "ok");

    public override string ToString() =>
        $"settings {Settings}; members {string.Join(", ", Members.OrderBy(m => m.Key).Select(m => $"u{m.Key}: {m.Value}"))}; " +
        $"changes {string.Join(", ", Changes.Select(c => c.Status))}; audit {AuditEntries}; last {LastOutcome}";

    private static bool IsActiveAdmin(MembershipState state) => state.Role == OrgRole.Admin && state.Status == MembershipStatus.Active;

    /// <summary>
    /// What a four-eyes policy makes a second Admin confirm: under AllChanges, everything; under
    /// AdminGrants, a change that makes someone an active Admin, or a settings change that switches
    /// four-eyes off.
    /// </summary>
    private static bool FourEyesGuards(FourEyesPolicy policy, Change change) => policy switch
    {
        FourEyesPolicy.AllChanges => true,
        FourEyesPolicy.AdminGrants => change.SettingsAfter is { } after
            ? after.FourEyes == FourEyesPolicy.Off
            : IsActiveAdmin(change.To) && change.Moves.Any(m => !IsActiveAdmin(m.From)),
        _ => false,
    };

    private Change NewChange(int actor, List<(int Target, MembershipState From)> moves, MembershipState to) =>
        new(moves, to, actor, Now + _timeToLive, Settings.FourEyes);

    /// <summary>A non-member is told the organization was not found; a member who is not an active Admin, that they are not one.</summary>
    private bool RefuseUnlessActiveAdmin(int actor)
    {
        LastOutcome = !Members.TryGetValue(actor, out var a) ? nameof(RefusalCode.OrganizationNotFound)
            : !IsActiveAdmin(a) ? nameof(RefusalCode.NotAnActiveAdmin)
            : string.Empty;
        return LastOutcome.Length > 0;
    }

    /// <summary>The common first checks of confirm and cancel; sets the refusal when they fail.</summary>
    private bool Find(int actor, int index, out Change change)
    {
        change = Changes.Count == 0 ? null! : Changes[index % Changes.Count];
        LastOutcome = change is null || change.Status == "Purged" || !Members.TryGetValue(actor, out var a) ? nameof(RefusalCode.PendingChangeNotFound)
            : !IsActiveAdmin(a) ? nameof(RefusalCode.NotAnActiveAdmin)
            : change.Status != "Pending" ? nameof(RefusalCode.PendingChangeClosed)
            : string.Empty;
        return LastOutcome.Length == 0;
    }

    /// <summary>Whether moving members from <paramref name="froms"/> to <paramref name="to"/> removes an active Admin and leaves fewer than required.</summary>
    private bool LeavesTooFewAdmins(List<MembershipState> froms, MembershipState to)
    {
        var removed = IsActiveAdmin(to) ? 0 : froms.Count(IsActiveAdmin);
        var added = IsActiveAdmin(to) ? froms.Count(f => !IsActiveAdmin(f)) : 0;
        return removed > 0 && ActiveAdmins - removed + added < AdminsRequired;
    }

    private static string Ok(Action apply)
    {
        apply();
        return "ok";
    }

    /// <summary>A requested change: the members it moves (one unless bulk; the requester for settings) and where to.</summary>
    internal sealed record Change(List<(int Target, MembershipState From)> Moves, MembershipState To, int RequestedBy, TimeSpan ExpiresAt, FourEyesPolicy FourEyesAtRequest)
    {
        public string Status { get; set; } = "Pending";

        public OrganizationSettings? SettingsBefore { get; init; }

        public OrganizationSettings? SettingsAfter { get; init; }
    }
}
