using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages;

/// <summary>The organization's users list; each row has a menu of changes for active Admins.</summary>
/// <param name="directory">Lists the members as the signed-in user.</param>
/// <param name="access">Says, on this request, whether the signed-in user may manage users: the menus.</param>
public sealed class IndexModel(OrganizationDirectory directory, OrganizationAccess access) : DemoPageModel
{
    /// <summary>The members, ordered by id.</summary>
    public IReadOnlyList<Membership> Members { get; private set; } = [];

    /// <summary>Whether the signed-in user may change roles, so the menus are shown.</summary>
    public bool CanManage { get; private set; }

    /// <summary>Lists the members as the signed-in user.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var listed = await directory.ListMembersAsync(Actor, DemoPeople.Organization, cancellationToken: cancellationToken);
        if (!listed.TryGetValue(out var page, out var refusal))
        {
            return Refused(refusal);
        }

        Members = page.Items;
        var me = await access.GetAccessAsync(Actor, DemoPeople.Organization, cancellationToken);
        CanManage = me?.IsAllowed(Permission.ManageUsers) == true;
        return Page();
    }
}
