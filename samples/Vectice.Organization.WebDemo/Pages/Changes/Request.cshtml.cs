using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages.Changes;

/// <summary>
/// "Change role to", deactivate or reactivate from a row's menu: asks the SDK for a pending change
/// and shows its confirmation page. Nothing is saved here.
/// </summary>
public sealed class RequestModel(RoleChangeService roleChanges) : DemoPageModel
{
    /// <summary>The form lives on the users list.</summary>
    public IActionResult OnGet() => RedirectToPage("/Index");

    /// <summary>Requests <paramref name="change"/> (a role, Deactivate or Reactivate) for <paramref name="target"/>.</summary>
    /// <param name="target">Bound through <see cref="UserId.TryParse(string?, IFormatProvider?, out UserId)"/>: text that is not a user id arrives as <c>default</c>.</param>
    /// <param name="change">The change chosen.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<IActionResult> OnPostAsync(UserId target, string? change, CancellationToken cancellationToken)
    {
        if (target.IsDefault)
        {
            return BadRequest("target must be a user id.");
        }

        if (change is not ("Deactivate" or "Reactivate" or nameof(OrgRole.Admin) or nameof(OrgRole.Member) or nameof(OrgRole.Viewer)))
        {
            return BadRequest("change must be Admin, Member, Viewer, Deactivate or Reactivate.");
        }

        var organization = DemoPeople.Organization;
        var requested = change switch
        {
            "Deactivate" => await roleChanges.RequestDeactivationAsync(Actor, organization, target, cancellationToken),
            "Reactivate" => await roleChanges.RequestReactivationAsync(Actor, organization, target, cancellationToken),
            _ => await roleChanges.RequestAsync(Actor, organization, target, Enum.Parse<OrgRole>(change), cancellationToken),
        };
        return requested.TryGetValue(out var pending, out var refusal)
            ? RedirectToPage("/Changes/Details", new { id = pending.Id.ToString() })
            : Refused(refusal);
    }
}
