using Spectre.Console;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>
/// A narrated walk through every rule: each step says what should happen, does it through the SDK
/// and says whether it did. The run succeeds when every step behaved as narrated.
/// </summary>
internal sealed class ScriptedWalkthrough(DemoOrganization demo, IAnsiConsole console)
{
    private static readonly UserId Ada = DemoOrganization.Ada;
    private static readonly UserId Alan = DemoOrganization.Alan;
    private static readonly UserId Grace = DemoOrganization.Grace;
    private static readonly UserId Katherine = DemoOrganization.Katherine;
    private static readonly UserId Linus = DemoOrganization.Linus;
    private static readonly UserId Margaret = DemoOrganization.Margaret;

    private int _step;
    private bool _asNarrated = true;

    public async Task<bool> RunAsync(CancellationToken ct)
    {
        console.Write(new Rule($"[bold]Vectice.Organization[/]: every rule, narrated ({demo.Id})").LeftJustified());
        await ShowUsersAsync(ct);

        Step("Linus is a Viewer. He asks to make himself Admin.", "refused: only active Admins manage users");
        Expect((await demo.RoleChanges.RequestAsync(Linus, demo.Id, Linus, OrgRole.Admin, ct)).Refusal, RefusalCode.NotAnActiveAdmin);

        Step("Ada (Admin) opens Alan's menu and chooses \"Change role to Member\".", "a confirmation page; nothing saved yet");
        var demoteAlan = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Alan, OrgRole.Member, ct)).GetValueOrThrow();
        console.Write(Screens.Confirmation(demoteAlan, demo.Clock.GetUtcNow()));
        Check((await demo.MemberAsync(Alan, ct)).Role == OrgRole.Admin, "Alan is still Admin: the request saved nothing about him.");

        Step("Ada selects Confirm.", "the change is applied with one audit entry");
        var trail = await AuditCountAsync(ct);
        var confirmed = await demo.RoleChanges.ConfirmAsync(Ada, demoteAlan.Id, ct);
        Check(confirmed.IsSuccess && await AuditCountAsync(ct) == trail + 1, confirmed.Refusal?.Reason ?? "Applied: Alan is now Member, and the audit trail has one more entry.");

        Step("Ada selects Confirm again (a double click, a replayed request).", "refused: a change is applied at most once");
        Expect((await demo.RoleChanges.ConfirmAsync(Ada, demoteAlan.Id, ct)).Refusal, RefusalCode.PendingChangeClosed);

        Step("Ada, now the only Admin, asks to make herself Member.", "refused: the organization must keep an active Admin");
        Expect((await demo.RoleChanges.RequestAsync(Ada, demo.Id, Ada, OrgRole.Member, ct)).Refusal, RefusalCode.LastActiveAdmin);

        Step("Ada asks to make Grace a Viewer, then, before confirming, makes her Admin (confirmed). Then she confirms the first request.", "refused as stale: Grace is no longer what the first request saw");
        var toViewer = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Grace, OrgRole.Viewer, ct)).GetValueOrThrow();
        var toAdmin = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Grace, OrgRole.Admin, ct)).GetValueOrThrow();
        await demo.RoleChanges.ConfirmAsync(Ada, toAdmin.Id, ct);
        Expect((await demo.RoleChanges.ConfirmAsync(Ada, toViewer.Id, ct)).Refusal, RefusalCode.StaleChange);

        Step("Ada asks to make Linus a Member and leaves for lunch; the clock moves 16 minutes.", "refused: the pending change expired after 15 minutes");
        var promoteLinus = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Linus, OrgRole.Member, ct)).GetValueOrThrow();
        demo.Clock.Advance(TimeSpan.FromMinutes(16));
        Expect((await demo.RoleChanges.ConfirmAsync(Ada, promoteLinus.Id, ct)).Refusal, RefusalCode.PendingChangeExpired);

        Step("Grace (Admin) requests that Katherine be deactivated; Ada demotes Grace to Member before Grace confirms.", "refused: Grace is no longer an active Admin when she confirms");
        var deactivate = (await demo.RoleChanges.RequestDeactivationAsync(Grace, demo.Id, Katherine, ct)).GetValueOrThrow();
        var demoteGrace = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Grace, OrgRole.Member, ct)).GetValueOrThrow();
        await demo.RoleChanges.ConfirmAsync(Ada, demoteGrace.Id, ct);
        Expect((await demo.RoleChanges.ConfirmAsync(Grace, deactivate.Id, ct)).Refusal, RefusalCode.NotAnActiveAdmin);

        Step("Ada deactivates Katherine (confirmed); Katherine then tries to read the users list.", "refused: a deactivated member can do nothing");
        var deactivateKatherine = (await demo.RoleChanges.RequestDeactivationAsync(Ada, demo.Id, Katherine, ct)).GetValueOrThrow();
        await demo.RoleChanges.ConfirmAsync(Ada, deactivateKatherine.Id, ct);
        Expect((await demo.Directory.ListMembersAsync(Katherine, demo.Id, cancellationToken: ct)).Refusal, RefusalCode.NotAnActiveMember);

        await GovernanceAsync(ct);

        await ShowUsersAsync(ct);
        console.Write(Screens.Audit((await demo.Directory.ListAuditEntriesAsync(Ada, demo.Id, cancellationToken: ct)).GetValueOrThrow().Items));
        console.MarkupLine(_asNarrated ? "[green]Every step behaved as narrated.[/]" : "[red]Some step did not behave as narrated.[/]");
        return _asNarrated;
    }

    /// <summary>Four-eyes confirmation and a bulk change; Ada is the only active Admin when it starts.</summary>
    private async Task GovernanceAsync(CancellationToken ct)
    {
        var fourEyes = new OrganizationSettings(MembersCanCreateWorkspaces: false, MembersCanInviteColleagues: false, FourEyesPolicy.AdminGrants);
        Step("Ada, the only Admin, turns on four-eyes: making someone Admin will need a second Admin's confirmation.", "refused: four-eyes needs two active Admins");
        Expect((await demo.Settings.ChangeAsync(Ada, demo.Id, fourEyes, ct)).Refusal, RefusalCode.TooFewAdmins);

        Step("Ada makes Alan Admin again (confirmed), then turns on four-eyes.", "accepted, and audited");
        var promoteAlan = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Alan, OrgRole.Admin, ct)).GetValueOrThrow();
        await demo.RoleChanges.ConfirmAsync(Ada, promoteAlan.Id, ct);
        var changed = await demo.Settings.ChangeAsync(Ada, demo.Id, fourEyes, ct);
        Check(changed.IsSuccess, changed.Refusal?.Reason ?? "Four-eyes is on for Admin grants.");

        Step("Ada asks to make Grace Admin and confirms it herself.", "refused: under four-eyes another Admin confirms");
        var promoteGrace = (await demo.RoleChanges.RequestAsync(Ada, demo.Id, Grace, OrgRole.Admin, ct)).GetValueOrThrow();
        Expect((await demo.RoleChanges.ConfirmAsync(Ada, promoteGrace.Id, ct)).Refusal, RefusalCode.ConfirmerNotAllowed);

        Step("Alan, the second Admin, confirms it.", "applied: Grace is Admin");
        var confirmed = await demo.RoleChanges.ConfirmAsync(Alan, promoteGrace.Id, ct);
        Check(confirmed.IsSuccess, confirmed.Refusal?.Reason ?? "Applied: Grace is now Admin.");

        Step("Ada moves Linus and Margaret to Member in one bulk change, and confirms it (no Admin is granted).", "both move in one commit, one audit entry each");
        var trail = await AuditCountAsync(ct);
        var bulk = (await demo.RoleChanges.RequestBulkAsync(Ada, demo.Id, [Linus, Margaret], OrgRole.Member, ct)).GetValueOrThrow();
        var applied = await demo.RoleChanges.ConfirmAsync(Ada, bulk.Id, ct);
        var moved = (await demo.MemberAsync(Linus, ct)).Role == OrgRole.Member && (await demo.MemberAsync(Margaret, ct)).Role == OrgRole.Member;
        Check(applied.IsSuccess && moved && await AuditCountAsync(ct) == trail + 2, applied.Refusal?.Reason ?? "Applied: Linus and Margaret are Members, with two audit entries.");
    }

    private void Step(string narration, string expected)
    {
        console.WriteLine();
        console.MarkupLine($"[bold]{++_step}.[/] {Markup.Escape(narration)}");
        console.MarkupLine($"   [grey]Expected: {Markup.Escape(expected)}.[/]");
    }

    private void Expect(Refusal? refusal, RefusalCode expected) =>
        Check(refusal?.Code == expected, refusal is null ? "It was accepted." : $"Refused ({refusal.Code}): {refusal.Reason}");

    private void Check(bool asNarrated, string outcome)
    {
        _asNarrated &= asNarrated;
        console.MarkupLine($"   {(asNarrated ? "[green]ok[/]" : "[red]UNEXPECTED[/]")}: {Markup.Escape(outcome)}");
    }

    private async Task<int> AuditCountAsync(CancellationToken ct) =>
        (await demo.Directory.ListAuditEntriesAsync(Ada, demo.Id, cancellationToken: ct)).GetValueOrThrow().Items.Count;

    private async Task ShowUsersAsync(CancellationToken ct) =>
        console.Write(Screens.Users((await demo.Directory.ListMembersAsync(Ada, demo.Id, cancellationToken: ct)).GetValueOrThrow().Items));
}
