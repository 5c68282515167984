using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Vectice.Organization.WebDemo.Hosting;

namespace Vectice.Organization.WebDemo.Pages;

/// <summary>
/// Demo sign-in: choose one of the demo's people, as a host's identity provider would offer them; a
/// cookie remembers who you are. The SDK then reads that person as themselves, so a deactivated
/// member is refused by the SDK's own rule, with its words, and a non-member is not let in.
/// </summary>
/// <param name="directory">Reads the chosen person's membership, as that person.</param>
public sealed class SignInModel(OrganizationDirectory directory) : DemoPageModel
{
    /// <summary>The people one may sign in as: the demo's own user directory, not the SDK's.</summary>
    public IEnumerable<User> People { get; } = DemoPeople.All.Select(p => p.User);

    /// <summary>Shows the people.</summary>
    public void OnGet()
    {
    }

    /// <summary>Signs in as <paramref name="userId"/>, an active member of the organization.</summary>
    /// <param name="userId">Bound through <see cref="UserId.TryParse(string?, IFormatProvider?, out UserId)"/>: text that is not a user id arrives as <c>default</c>.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<IActionResult> OnPostAsync(UserId userId, CancellationToken cancellationToken)
    {
        if (userId.IsDefault)
        {
            return NotAMember();
        }

        // Read as themselves: only an active member may read the organization, so the SDK decides who gets in.
        var found = await directory.FindMemberAsync(userId, DemoPeople.Organization, userId, cancellationToken);
        if (!found.TryGetValue(out var member, out var refusal))
        {
            return refusal is NotAnActiveMember ? Refused(refusal) : NotAMember();
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

    private BadRequestObjectResult NotAMember() => BadRequest("Choose one of the organization's members.");
}
