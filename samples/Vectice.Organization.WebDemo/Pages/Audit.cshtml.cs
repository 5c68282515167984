using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.Stores;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages;

/// <summary>
/// The audit trail, newest last, for active Admins, a page at a time: each page links to the next
/// with the SDK's cursor in the address (<c>?after=</c>), as a host pages any of the lists.
/// </summary>
public sealed class AuditModel(OrganizationDirectory directory) : DemoPageModel
{
    /// <summary>How many entries a page shows.</summary>
    public const int PageSize = 20;

    /// <summary>The entries, in sequence order.</summary>
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Where the next page starts, for its link; <see langword="null"/> on the last page.</summary>
    public PageCursor? Next { get; private set; }

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

    /// <summary>Reads a page of the trail.</summary>
    /// <param name="after">The cursor of the page to show, from the previous page's link; the first page when absent.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<IActionResult> OnGetAsync(string? after, CancellationToken cancellationToken)
    {
        // An address someone typed or kept from another list: not a cursor of this one.
        PageCursor? cursor = null;
        if (after is not null && !PageCursor.TryParse(after, out cursor))
        {
            return BadRequest("That is not a page of the audit trail.");
        }

        AuditQuery query;
        try
        {
            query = new AuditQuery { Limit = PageSize, After = cursor };
        }
        catch (ArgumentException)
        {
            return BadRequest("That is not a page of the audit trail.");
        }

        var listed = await directory.ListAuditEntriesAsync(Actor, DemoPeople.Organization, query, cancellationToken);
        if (!listed.TryGetValue(out var page, out var refusal))
        {
            return Refused(refusal);
        }

        (Entries, Next) = (page.Items, page.Next);
        return Page();
    }
}
