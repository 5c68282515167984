using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
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

    /// <summary>
    /// Answers 405 to a POST (any method but GET or HEAD) that no handler of the page takes, such as
    /// a POST to a read-only page or to a handler name it lacks: Razor Pages would otherwise render
    /// the page without running a handler, a 200 with nothing in it. Allow lists the methods the
    /// page's handlers take.
    /// </summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HandlerMethod is null && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method))
        {
            Response.Headers.Allow = string.Join(", ", context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).Distinct());
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
    }
}
