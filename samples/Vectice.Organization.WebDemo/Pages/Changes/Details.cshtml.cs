using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages.Changes;

/// <summary>
/// The confirmation page of one pending change (from → to, who, expiry; Confirm or Cancel), and
/// after either, its outcome.
/// </summary>
public sealed class DetailsModel(OrganizationDirectory directory, RoleChangeService roleChanges, TimeProvider clock) : DemoPageModel
{
    /// <summary>The current time, for what is left before the change expires.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The change, when the signed-in user may read it.</summary>
    public PendingChange? Change { get; private set; }

    /// <summary>What the change does, as the page's heading: the whole of it, so that whoever confirms sees what they confirm.</summary>
    public static string Describe(PendingChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind switch
        {
            ChangeKind.Deactivate => $"Deactivate {DemoPeople.NameOf(change.Target)}",
            ChangeKind.Reactivate => $"Reactivate {DemoPeople.NameOf(change.Target)}",
            ChangeKind.ChangeSettings => $"Change the settings: {Settings(change.SettingsAfter!.Value)}",
            ChangeKind.BulkChangeRole => $"Change role to {change.To.Role} for {change.Transitions.Count} members",
            _ => $"Change role to {change.To.Role}",
        };
    }

    /// <summary>Settings as the page shows them.</summary>
    public static string Settings(OrganizationSettings settings) =>
        $"four-eyes {settings.FourEyes}, Members create workspaces {(settings.MembersCanCreateWorkspaces ? "yes" : "no")}, invite colleagues {(settings.MembersCanInviteColleagues ? "yes" : "no")}";

    /// <summary>A time as the page shows it.</summary>
    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Time left before expiry, in words.</summary>
    public static string Left(TimeSpan left) =>
        left <= TimeSpan.Zero ? "expired" : $"in {Math.Ceiling(left.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes";

    /// <summary>Shows the change.</summary>
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        PendingChangeId.TryParse(DemoPeople.Organization, id, out var changeId) ? await ShowAsync(changeId, null, cancellationToken) : NotFound();

    /// <summary>Confirms the change; the SDK re-checks every rule.</summary>
    public Task<IActionResult> OnPostConfirmAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, async changeId => (await roleChanges.ConfirmAsync(Actor, changeId, cancellationToken)).Refusal, cancellationToken);

    /// <summary>Withdraws the change.</summary>
    public Task<IActionResult> OnPostCancelAsync(string id, CancellationToken cancellationToken) =>
        ActAsync(id, async changeId => (await roleChanges.CancelAsync(Actor, changeId, cancellationToken)).Refusal, cancellationToken);

    /// <summary>Acts, then shows the outcome after a redirect, or the refusal at once.</summary>
    private async Task<IActionResult> ActAsync(string id, Func<PendingChangeId, Task<Refusal?>> act, CancellationToken cancellationToken)
    {
        if (!PendingChangeId.TryParse(DemoPeople.Organization, id, out var changeId))
        {
            return NotFound();
        }

        return await act(changeId) is { } refusal
            ? await ShowAsync(changeId, refusal, cancellationToken)
            : RedirectToPage(new { id });
    }

    private async Task<IActionResult> ShowAsync(PendingChangeId changeId, Refusal? refused, CancellationToken cancellationToken)
    {
        var found = await directory.FindPendingChangeAsync(Actor, changeId, cancellationToken);
        Change = found.TryGetValue(out var change, out var notFound) ? change : null;
        var refusal = refused ?? notFound;
        return refusal is null ? Page() : Refused(refusal);
    }
}
