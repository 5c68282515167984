using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages;

/// <summary>The audit trail, newest last, for active Admins.</summary>
public sealed class AuditModel(OrganizationDirectory directory) : DemoPageModel
{
    /// <summary>The entries, in sequence order.</summary>
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>What an entry changed, in a few words.</summary>
    public static string Describe(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry switch
        {
            { SettingsBefore: { } before, SettingsAfter: { } after } => $"four-eyes {before.FourEyes} → {after.FourEyes}",
            { Before: null } => entry.After.ToString(),
            { Before: { } b } when b.Status != entry.After.Status => $"{b.Status} → {entry.After.Status}",
            { Before: { } b } => $"{b.Role} → {entry.After.Role}",
        };
    }

    /// <summary>Reads the trail.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var listed = await directory.ListAuditEntriesAsync(Actor, DemoPeople.Organization, new Stores.AuditQuery { Limit = Stores.AuditQuery.MaxLimit }, cancellationToken);
        if (!listed.TryGetValue(out var page, out var refusal))
        {
            return Refused(refusal);
        }

        Entries = page.Items;
        return Page();
    }
}
