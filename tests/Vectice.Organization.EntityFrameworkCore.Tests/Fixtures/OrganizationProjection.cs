using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>
/// An organization as the store's reads show it, as lines of text without ids, so that two
/// organizations seeded and driven alike compare equal: the organization (name, settings, version),
/// its members with role and status, its pending changes in any status, its audit trail in order.
/// </summary>
public static class OrganizationProjection
{
    private static readonly UserId Nobody = new("projection");

    public static async Task<IReadOnlyList<string>> CaptureAsync(IOrganizationStore store, OrganizationId id)
    {
        var none = CancellationToken.None;
        var organization = (await store.LoadSnapshotAsync(id, Nobody, Nobody, null, none))!.Organization;
        var lines = new List<string> { $"organization '{organization.Name}' {organization.Settings} version {organization.Version}" };
        var members = await store.ListMembersAsync(id, new MemberQuery { Limit = MemberQuery.MaxLimit }, none);
        lines.AddRange(members.Items.Select(m => $"member {m.UserId} {State(m.State)}"));

        // Every pending change whatever its status: at the end of time, all have expired. Ordered by
        // their text, since the ids (the store's order) differ between two organizations.
        var changes = new List<(PendingChangeId Id, string Text)>();
        foreach (var changeId in await store.ListExpiredPendingChangesAsync(id, DateTimeOffset.MaxValue, PendingChangeQuery.MaxLimit, none))
        {
            changes.Add((changeId, Describe((await store.FindPendingChangeAsync(changeId, none))!)));
        }

        changes.Sort((a, b) => string.CompareOrdinal(a.Text, b.Text));
        lines.AddRange(changes.Select((c, i) => $"pending #{i} {c.Text}"));
        var audit = await store.ListAuditEntriesAsync(id, new AuditQuery { Limit = AuditQuery.MaxLimit }, none);
        lines.AddRange(audit.Items.Select(e => $"audit {Describe(e)} of {Link(e.PendingChangeId, changes)}"));
        return lines;
    }

    /// <summary>An audit entry without its ids (organization, sequence, pending change).</summary>
    public static string Describe(AuditEntry e) =>
        $"{e.Action} by {e.Actor} requested by {e.RequestedBy} on {e.Target} {State(e.Before)} -> {State(e.After)} settings {e.SettingsBefore} -> {e.SettingsAfter} purged {e.PurgedCount} up to {e.PurgeCutoff:O} at {e.At:O}";

    private static string Describe(PendingChange c) =>
        $"{c.Kind} {c.Target} {State(c.From)} -> {State(c.To)} [{string.Join(", ", c.Members?.Select(m => $"{m.Member} {State(m.From)}") ?? [])}] " +
        $"settings {c.SettingsBefore} -> {c.SettingsAfter} requested by {c.RequestedBy} under {c.FourEyesAtRequest} at {c.RequestedAt:O} expires {c.ExpiresAt:O} {c.Status} closed by {c.ClosedBy} at {c.ClosedAt:O}";

    private static string Link(PendingChangeId? id, List<(PendingChangeId Id, string Text)> changes) =>
        id is null ? "no change" : changes.FindIndex(c => c.Id == id) is var i and >= 0 ? $"pending #{i}" : "a purged change";

    private static string State(MembershipState? state) => state is { } s ? $"{s.Role}/{s.Status}" : "none";
}
