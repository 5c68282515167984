using Vectice.Organization.Stores;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>
/// A narrated walk through the admin flow: the users list, "Change role to", the confirmation
/// page, Confirm, and the rules that guard it. Each step says what should happen and checks it.
/// </summary>
internal sealed class Walkthrough(ProvisioningService provisioning, RoleChangeService roleChanges, OrganizationDirectory directory, TextWriter output)
{
    private static readonly OrganizationId Acme = new("acme");
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Alan = new("alan");
    private static readonly UserId Grace = new("grace");
    private static readonly UserId Linus = new("linus");

    private bool _allAsNarrated = true;

    public async Task<bool> RunAsync()
    {
        await SeedAsync();
        await ShowUsersAsync();

        Step("Linus (Viewer) tries to make himself Admin: refused.");
        Expect(await roleChanges.RequestAsync(Linus, Acme, Linus, OrgRole.Admin), RefusalCode.NotAnActiveAdmin);

        Step("Ada (Admin) opens Grace's menu and chooses \"Change role to Admin\".");
        var requested = await roleChanges.RequestAsync(Ada, Acme, Grace, OrgRole.Admin);
        if (!requested.TryGetValue(out var pending, out var refusal))
        {
            return Fail(refusal.Reason);
        }

        output.WriteLine($"    Confirmation page: {pending.Target} {pending.From} -> {pending.To}, requested by {pending.RequestedBy}, expires {pending.ExpiresAt:HH:mm:ss} UTC.");
        output.WriteLine("    Nothing is saved yet:");
        await ShowUsersAsync();

        Step("Ada selects Confirm.");
        var confirmed = await roleChanges.ConfirmAsync(Ada, pending.Id);
        Check(confirmed.IsSuccess, confirmed.Refusal?.Reason ?? $"Applied: {pending.Target} is now {pending.To}.");
        await ShowUsersAsync();

        Step("Ada selects Confirm again: a change is applied at most once.");
        Expect(await roleChanges.ConfirmAsync(Ada, pending.Id), RefusalCode.PendingChangeClosed);

        await ShowAuditAsync();
        output.WriteLine(_allAsNarrated ? "Every step behaved as narrated." : "Some step did not behave as narrated.");
        return _allAsNarrated;
    }

    private async Task SeedAsync()
    {
        await provisioning.CreateOrganizationAsync(Acme, "Acme Corp", new User(Ada, "ada@acme.example", "Ada Lovelace"));
        await provisioning.AddMemberAsync(Ada, Acme, new User(Alan, "alan@acme.example", "Alan Turing"), OrgRole.Admin);
        await provisioning.AddMemberAsync(Ada, Acme, new User(Grace, "grace@acme.example", "Grace Hopper"), OrgRole.Member);
        await provisioning.AddMemberAsync(Ada, Acme, new User(Linus, "linus@acme.example", "Linus Torvalds"), OrgRole.Viewer);
    }

    private async Task ShowUsersAsync()
    {
        var members = (await directory.ListMembersAsync(Ada, Acme)).AsT0;
        output.WriteLine();
        output.WriteLine($"    {"Name",-16} {"Email",-20} {"Role",-8} Status");
        foreach (var member in members.Items)
        {
            output.WriteLine($"    {member.User.DisplayName,-16} {member.User.Email,-20} {member.Role,-8} {member.Status}");
        }

        output.WriteLine();
    }

    private async Task ShowAuditAsync()
    {
        output.WriteLine();
        output.WriteLine("Audit trail:");
        foreach (var entry in (await directory.ListAuditEntriesAsync(Ada, Acme, new AuditQuery())).AsT0.Items)
        {
            var before = entry.Before is { } b ? $"{b} -> " : string.Empty;
            output.WriteLine($"    #{entry.Sequence} {entry.Action,-20} by {entry.Actor,-6} on {entry.Target,-6} {before}{entry.After}");
        }

        output.WriteLine();
    }

    private void Step(string narration) => output.WriteLine($"> {narration}");

    private void Expect(RequestChangeResult result, RefusalCode expected) => Check(result.Refusal?.Code == expected, result.Refusal?.Reason ?? "Accepted.");

    private void Expect(ConfirmChangeResult result, RefusalCode expected) => Check(result.Refusal?.Code == expected, result.Refusal?.Reason ?? "Applied.");

    private void Check(bool asNarrated, string outcome)
    {
        output.WriteLine($"    {(asNarrated ? "ok" : "UNEXPECTED")}: {outcome}");
        _allAsNarrated &= asNarrated;
    }

    private bool Fail(string reason)
    {
        Check(false, reason);
        return false;
    }
}
