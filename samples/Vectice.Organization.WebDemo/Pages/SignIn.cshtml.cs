using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.Stores;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages;

/// <summary>
/// Demo sign-in: choose an active member of the organization; a cookie remembers who you are. A
/// deactivated member is refused by the SDK's own rule, with its words.
/// </summary>
/// <param name="store">Read directly: no one is signed in yet to read through the directory as.</param>
public sealed class SignInModel(IOrganizationStore store) : DemoPageModel
{
    /// <summary>The members one may sign in as.</summary>
    public IReadOnlyList<Membership> Members { get; private set; } = [];

    /// <summary>Lists the members.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Members = (await store.ListMembersAsync(DemoPeople.Organization, new MemberQuery(), cancellationToken)).Items;

    /// <summary>Signs in as <paramref name="userId"/>, an active member of the organization.</summary>
    /// <param name="userId">Bound through <see cref="UserId.TryParse(string?, IFormatProvider?, out UserId)"/>: text that is not a user id arrives as <c>default</c>.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<IActionResult> OnPostAsync(UserId userId, CancellationToken cancellationToken)
    {
        var member = userId.IsDefault ? null : await store.FindMembershipAsync(DemoPeople.Organization, userId, cancellationToken);
        if (member is null)
        {
            return BadRequest("Choose one of the organization's members.");
        }

        if (MembershipRules.RequireActiveMember(DemoPeople.Organization, member) is { } refusal)
        {
            await OnGetAsync(cancellationToken);
            return Refused(refusal);
        }

        Claim[] claims = [new(ClaimTypes.NameIdentifier, member.UserId.Value), new(ClaimTypes.Name, member.User.DisplayName)];
        await HttpContext.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        return RedirectToPage("/Index");
    }

    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync();
        return RedirectToPage();
    }
}
