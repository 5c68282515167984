namespace Vectice.Organization.AspNetCore;

/// <summary>Why an organization permission was not granted.</summary>
public enum OrganizationAuthorizationFailure
{
    /// <summary>
    /// The request names no organization, or one that is not a valid <see cref="OrganizationId"/> (blank,
    /// padded, too long, with a control character). Answered with 400 Bad Request; nothing was read.
    /// </summary>
    InvalidOrganizationId = 0,

    /// <summary>
    /// The user's authenticated identities have none of the configured user id claims, or the first type
    /// they have holds a value that is not a valid <see cref="UserId"/>, or two different values.
    /// Answered with 403 Forbidden; nothing was read.
    /// </summary>
    NoUserId,

    /// <summary>
    /// <see cref="OrganizationAccess"/> refused: a non-member, a deactivated member, a role without the
    /// permission, or an organization that does not exist. Answered with 403 Forbidden.
    /// </summary>
    NotPermitted,

    /// <summary>The check ran outside an HTTP request (no <c>HttpContext</c> as its resource). Answered with 403 Forbidden.</summary>
    NoHttpContext,
}
