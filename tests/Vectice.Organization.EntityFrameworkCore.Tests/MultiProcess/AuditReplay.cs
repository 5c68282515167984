using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.MultiProcess;

/// <summary>
/// Replays an organization's audit trail from its start, one commit at a time (a bulk change's entries
/// are one commit, and so are a creation's), and checks the rules on the organization as it was just before each commit:
/// the actor was allowed to act (an active Admin; for an added member, whoever the settings let
/// invite), the confirmer was the requester unless four-eyes applied and someone else when it did (four-eyes
/// as it was when the change was requested, found in the trail itself: the settings entries before the
/// request; the store's record of it must agree), four-eyes had not come to guard the change since its
/// request, no pending change was applied twice, every entry starts from the state the trail reached, and after each commit the organization
/// keeps its active Admins (two under four-eyes).
/// </summary>
internal sealed class AuditReplay
{
    private readonly Dictionary<UserId, MembershipState> _members = [];
    // The four-eyes policy from each settings entry on, the creation's first.
    private readonly List<(DateTimeOffset At, FourEyesPolicy FourEyes)> _fourEyes = [(DateTimeOffset.MinValue, FourEyesPolicy.Off)];
    private readonly HashSet<PendingChangeId> _applied = [];

    public IReadOnlyDictionary<UserId, MembershipState> Members => _members;

    public OrganizationSettings Settings { get; private set; }

    public int Commits { get; private set; }

    public int ConfirmedBySecondAdmin { get; private set; }

    public int SettingsConfirmed { get; private set; }

    public static async Task<AuditReplay> RunAsync(IOrganizationStore store, OrganizationId organization)
    {
        var replay = new AuditReplay();
        var trail = new List<AuditEntry>();
        await foreach (var entry in Pages.ReadAllAsync(store, organization, new AuditQuery { Limit = AuditQuery.MaxLimit }))
        {
            trail.Add(entry);
        }

        for (var start = 0; start < trail.Count;)
        {
            var end = start + 1;
            while (end < trail.Count && OneCommit(trail[start], trail[end]))
            {
                end++;
            }

            var commit = trail[start..end];
            var change = commit[0].PendingChangeId is { } changeId ? await store.FindPendingChangeAsync(changeId, CancellationToken.None) : null;
            replay.Check(commit, change);
            replay.Apply(commit);
            start = end;
        }

        return replay;
    }

    /// <summary>A bulk change's entries share its pending change; a creation's, one per founder, come first.</summary>
    private static bool OneCommit(AuditEntry first, AuditEntry next) =>
        (next.PendingChangeId is { } id && id == first.PendingChangeId)
        || (first.Action == AuditAction.OrganizationCreated && next.Action == AuditAction.OrganizationCreated);

    private static bool IsActiveAdmin(MembershipState? state) => state is { Role: OrgRole.Admin, Status: MembershipStatus.Active };

    private void Check(List<AuditEntry> commit, PendingChange? change)
    {
        var first = commit[0];
        var where = $"audit entry #{first.Sequence} ({first.Action} by {first.Actor})";
        var actor = _members.GetValueOrDefault(first.Actor);
        switch (first.Action)
        {
            case AuditAction.OrganizationCreated:
                Assert.True(_members.Count == 0 || commit.All(e => e.Actor == first.Actor), $"{where}: an organization is created once, by its founder");
                break;
            case AuditAction.MemberAdded:
                var role = first.After.Role;
                Assert.True(
                    IsActiveAdmin(actor) || (actor is { Role: OrgRole.Member, Status: MembershipStatus.Active } && Settings.MembersCanInviteColleagues && role != OrgRole.Admin),
                    $"{where}: the actor could not add a {role}");
                break;
            default:
                Assert.True(IsActiveAdmin(actor), $"{where}: the actor was not an active Admin");
                break;
        }

        if (first.PendingChangeId is not { } id)
        {
            return;
        }

        Assert.True(_applied.Add(id), $"{where}: pending change {id} applied twice");
        Assert.NotNull(change);
        Assert.Equal(PendingChangeStatus.Applied, change.Status);

        // Settings entries are timed before their commit, requests after reading the version they commit on:
        // the policy at request is the last set before it (a tie would leave the order unknown).
        var atRequest = change.FourEyesAtRequest;
        if (!_fourEyes.Any(f => f.At == change.RequestedAt))
        {
            var inForce = _fourEyes.Last(f => f.At < change.RequestedAt).FourEyes;
            Assert.True(inForce == atRequest, $"{where}: requested under {inForce}, stored as {atRequest}");
        }

        var needsSecondAdmin = FourEyesGuards(atRequest, commit);
        Assert.True(needsSecondAdmin || !FourEyesGuards(Settings.FourEyes, commit), $"{where}: four-eyes came to guard it after its request");
        Assert.True(
            (first.Actor != first.RequestedBy) == needsSecondAdmin,
            $"{where}: confirmed by {first.Actor}, requested by {first.RequestedBy}, four-eyes {(needsSecondAdmin ? "applied" : "did not apply")}");
        ConfirmedBySecondAdmin += needsSecondAdmin ? 1 : 0;
        SettingsConfirmed += first.SettingsAfter is null ? 0 : 1;
    }

    private void Apply(List<AuditEntry> commit)
    {
        foreach (var entry in commit)
        {
            if (entry.Action == AuditAction.SettingsChanged)
            {
                Assert.Equal(Settings, entry.SettingsBefore);
                Settings = entry.SettingsAfter!.Value;
                _fourEyes.Add((entry.At, Settings.FourEyes));
            }
            else if (entry.Before is { } before)
            {
                Assert.Equal(before, _members[entry.Target]);
                _members[entry.Target] = entry.After;
            }
            else
            {
                Assert.True(_members.TryAdd(entry.Target, entry.After), $"audit entry #{entry.Sequence} adds {entry.Target} twice");
                if (entry.Action == AuditAction.OrganizationCreated)
                {
                    Settings = entry.SettingsAfter!.Value;
                    _fourEyes[0] = (DateTimeOffset.MinValue, Settings.FourEyes);
                }
            }
        }

        Commits++;
        var required = Settings.FourEyes == FourEyesPolicy.Off ? 1 : 2;
        Assert.True(_members.Values.Count(s => IsActiveAdmin(s)) >= required, $"Fewer than {required} active Admins after audit entry #{commit[^1].Sequence}");
    }

    /// <summary>What a four-eyes policy makes another Admin confirm: everything, or an Admin grant and the weakening of four-eyes.</summary>
    private static bool FourEyesGuards(FourEyesPolicy policy, List<AuditEntry> commit) => policy switch
    {
        FourEyesPolicy.AllChanges => true,
        FourEyesPolicy.AdminGrants => commit[0].SettingsAfter is { } after
            ? after.FourEyes < policy
            : IsActiveAdmin(commit[0].After) && commit.Any(e => !IsActiveAdmin(e.Before)),
        _ => false,
    };
}
