using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages.Changes;

/// <summary>The organization's changes waiting for confirmation, for its active Admins.</summary>
public sealed class IndexModel(OrganizationDirectory directory) : DemoPageModel
{
    /// <summary>The pending changes, ordered by id.</summary>
    public IReadOnlyList<PendingChange> Changes { get; private set; } = [];

    /// <summary>Lists them.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var listed = await directory.ListPendingChangesAsync(Actor, DemoPeople.Organization, cancellationToken: cancellationToken);
        if (!listed.TryGetValue(out var page, out var refusal))
        {
            return Refused(refusal);
        }

        Changes = page.Items;
        return Page();
    }
}
