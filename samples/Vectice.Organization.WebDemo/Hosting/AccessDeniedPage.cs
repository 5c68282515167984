using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Vectice.Organization.AspNetCore;

namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>
/// What a signed-in user gets for a page or a POST their membership does not allow now: 403 and the
/// permission the page needs, instead of the cookie handler's redirect to an access-denied page.
/// </summary>
internal static class AccessDeniedPage
{
    /// <summary>Answers the forbidden request.</summary>
    public static Task WriteAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var needs = http.GetEndpoint()?.Metadata.GetOrderedMetadata<RequireOrganizationPermissionAttribute>()
            .Select(a => a.Permission.ToString()).Distinct() ?? [];
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>Not allowed · Acme Corp · Vectice.Organization web demo</title>
                <style>
                    body { font-family: system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f7fb; }
                    header { background: #1d2433; color: #fff; padding: .75rem 1.5rem; }
                    main { padding: 1.5rem; max-width: 60rem; }
                    .refusal { background: #fde8e8; border: 1px solid #f1a9a9; padding: .75rem 1rem; border-radius: 6px; }
                </style>
            </head>
            <body>
                <header><strong>Acme Corp</strong></header>
                <main>
                    <h1>Not allowed</h1>
                    <p class="refusal" role="alert">Not allowed: this page needs {{WebUtility.HtmlEncode(string.Join(" and ", needs))}} in Acme Corp, which your membership does not give you now.</p>
                    <p>Your role is read from the organization on every request, not from your sign-in: a change an Admin confirms applies at once.</p>
                    <p><a href="/">Users list</a> · <a href="/signin">Sign in as someone else</a></p>
                </main>
            </body>
            </html>
            """, http.RequestAborted);
    }
}
