using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vectice.Organization.AspNetCore.Tests.Hosting;

/// <summary>
/// Signs the request in as the user in the <c>X-User</c> header, with that one claim (of the type in
/// <c>X-Claim-Type</c>, <see cref="ClaimTypes.NameIdentifier"/> by default) and no role; an empty
/// <c>X-User</c> is an authenticated user with no claim at all; no header is anonymous.
/// </summary>
public sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Header";

    public const string NoClaims = "(no claims)";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue("X-User", out var user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claimType = Request.Headers.TryGetValue("X-Claim-Type", out var type) ? type.ToString() : ClaimTypes.NameIdentifier;
        Claim[] claims = user.ToString() is var id && id != NoClaims ? [new Claim(claimType, id)] : [];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
