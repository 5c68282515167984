using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Vectice.Organization.AspNetCore;

/// <summary>
/// Where an organization permission check finds the organization and the user of a request. Set them
/// in <c>AddVecticeOrganization().AddAuthorization(options => ...)</c>; they are validated at start.
/// </summary>
public sealed class OrganizationAuthorizationOptions
{
    /// <summary>The route value that carries the organization id unless set otherwise: <c>organizationId</c>.</summary>
    public const string DefaultOrganizationRouteValue = "organizationId";

    /// <summary>The claim type many identity providers carry the user's id in, after <see cref="ClaimTypes.NameIdentifier"/>: <c>sub</c>.</summary>
    public const string SubjectClaimType = "sub";

    /// <summary>
    /// Gets or sets the route value the organization id is read from when
    /// <see cref="OrganizationIdResolver"/> is not set: <c>{organizationId}</c> by default. Must not be blank.
    /// </summary>
    public string OrganizationRouteValue { get; set; } = DefaultOrganizationRouteValue;

    /// <summary>
    /// Gets or sets what reads the organization id from a request instead of the route value, for a host
    /// that carries it elsewhere (a header, a host name) or serves one organization. It returns the id's
    /// text: <see langword="null"/>, blank or malformed text is answered with 400 Bad Request and nothing
    /// is read from the store. <see langword="null"/> (the default) reads <see cref="OrganizationRouteValue"/>.
    /// </summary>
    public Func<HttpContext, string?>? OrganizationIdResolver { get; set; }

    /// <summary>
    /// Gets the claim types the user id is read from, in order, on the user's authenticated identities
    /// only: the first one they have is used (its value must be a valid <see cref="UserId"/>, and the
    /// same wherever the type appears). <see cref="ClaimTypes.NameIdentifier"/> then
    /// <see cref="SubjectClaimType"/> by default; clear it to use others. Must hold at least one type, none blank.
    /// </summary>
    public IList<string> UserIdClaimTypes { get; } = [ClaimTypes.NameIdentifier, SubjectClaimType];
}
