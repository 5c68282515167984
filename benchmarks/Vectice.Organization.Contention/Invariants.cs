using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Contention;

/// <summary>
/// What must hold after a step in each organization, read through the SDK's own directory: an active
/// Admin remains, each member has the role its applied toggles lead to, and the audit trail holds
/// exactly one RoleChanged entry per applied confirm, for the member it moved.
/// </summary>
internal static class Invariants
{
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IServiceProvider host, IReadOnlyList<Writer> writers, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        foreach (var organization in writers.GroupBy(w => w.Organization))
        {
            violations.AddRange((await ViolationsAsync(host, organization.Key, [.. organization], cancellationToken)).Select(v => $"{organization.Key}: {v}"));
        }

        return violations;
    }

    private static async Task<IReadOnlyList<string>> ViolationsAsync(IServiceProvider host, OrganizationId organization, IReadOnlyList<Writer> writers, CancellationToken cancellationToken)
    {
        await using var scope = host.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<OrganizationDirectory>();
        var reader = writers[0].Admin;
        var violations = new List<string>();

        var members = await directory.ListMembersAsync(reader, organization, new MemberQuery { Limit = MemberQuery.MaxLimit }, cancellationToken);
        if (!members.TryGetValue(out var page, out var refused))
        {
            return [$"the members could not be listed: {refused}"];
        }

        if (!page.Items.Any(m => m.IsActiveAdmin))
        {
            violations.Add("no active Admin remains");
        }

        var roles = page.Items.ToDictionary(m => m.UserId, m => m.Role);
        violations.AddRange(writers
            .Where(w => roles.GetValueOrDefault(w.Member) != w.ExpectedRole)
            .Select(w => $"{w.Member} is {roles.GetValueOrDefault(w.Member)} after {w.Applied} toggles"));

        var audit = await directory.StreamAsync(reader, organization, new AuditQuery { Action = AuditAction.RoleChanged, Limit = AuditQuery.MaxLimit }, cancellationToken);
        if (!audit.TryGetValue(out var entries, out refused))
        {
            return [.. violations, $"the audit trail could not be read: {refused}"];
        }

        var changes = new Dictionary<UserId, int>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            changes[entry.Target] = changes.GetValueOrDefault(entry.Target) + 1;
        }

        violations.AddRange(writers
            .Where(w => changes.GetValueOrDefault(w.Member) != w.Applied)
            .Select(w => $"{w.Member} has {changes.GetValueOrDefault(w.Member)} RoleChanged entries for {w.Applied} applied confirms"));
        if (changes.Values.Sum() != writers.Sum(w => w.Applied))
        {
            violations.Add($"{changes.Values.Sum()} RoleChanged entries in all for {writers.Sum(w => w.Applied)} applied confirms");
        }

        return violations;
    }
}
