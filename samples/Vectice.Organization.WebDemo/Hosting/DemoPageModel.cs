using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>What every page shares: who is acting (once signed in), and how a refusal is answered.</summary>
public abstract class DemoPageModel : PageModel
{
    /// <summary>The signed-in demo user.</summary>
    public UserId Actor => new(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Pages need a signed-in user."));

    /// <summary>What the SDK refused on this request, shown in words; <see langword="null"/> when nothing was.</summary>
    public Refusal? Refusal { get; private set; }

    /// <summary>Renders the page with the refusal, under the status that fits it.</summary>
    protected IActionResult Refused(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        Refusal = refusal;
        Response.StatusCode = RefusalStatus.Of(refusal);
        return Page();
    }
}
