using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.MultiProcess;

/// <summary>
/// Replays an organization's audit trail from its start, one commit at a time (a bulk change's entries
/// are one commit), and checks the rules on the organization as it was just before each commit:
/// the actor was allowed to act (an active Admin; for an added member, whoever the settings let
/// invite), the confirmer was the requester unless four-eyes applied (under the settings then, or the
/// policy the change was requested under) and someone else when it did, no pending change was applied
/// twice, every entry starts from the state the trail reached, and after each commit the organization
/// keeps its active Admins (two under four-eyes).
/// </summary>
internal sealed class AuditReplay
{
    private readonly Dictionary<UserId, MembershipState> _members = [];
    private readonly HashSet<PendingChangeId> _applied = [];

    public IReadOnlyDictionary<UserId, MembershipState> Members => _members;

    public OrganizationSettings Settings { get; private set; }

    public int Commits { get; private set; }

    public int ConfirmedBySecondAdmin { get; private set; }

    public static async Task<AuditReplay> RunAsync(IOrganizationStore store, OrganizationId organization)
    {
        var replay = new AuditReplay();
        var trail = new List<AuditEntry>();
        await foreach (var entry in AuditTrail.Stream(store, organization, new AuditQuery { Limit = AuditQuery.MaxLimit }))
        {
            trail.Add(entry);
        }

        for (var start = 0; start < trail.Count;)
        {
            var end = start + 1;
            while (end < trail.Count && trail[end].PendingChangeId is { } id && id == trail[start].PendingChangeId)
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
        var needsSecondAdmin = FourEyesGuards(Settings.FourEyes, commit) || FourEyesGuards(change.FourEyesAtRequest, commit);
        Assert.True(
            (first.Actor != first.RequestedBy) == needsSecondAdmin,
            $"{where}: confirmed by {first.Actor}, requested by {first.RequestedBy}, four-eyes {(needsSecondAdmin ? "applied" : "did not apply")}");
        ConfirmedBySecondAdmin += needsSecondAdmin ? 1 : 0;
    }

    private void Apply(List<AuditEntry> commit)
    {
        foreach (var entry in commit)
        {
            if (entry.SettingsAfter is { } settings)
            {
                Assert.Equal(Settings, entry.SettingsBefore);
                Settings = settings;
            }
            else if (entry.Before is { } before)
            {
                Assert.Equal(before, _members[entry.Target]);
                _members[entry.Target] = entry.After;
            }
            else
            {
                Assert.True(_members.TryAdd(entry.Target, entry.After), $"audit entry #{entry.Sequence} adds {entry.Target} twice");
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
