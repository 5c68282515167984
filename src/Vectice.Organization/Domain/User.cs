using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// A user as an organization shows them: the host's identifier, an e-mail address and a display
/// name. The profile is kept per membership, so one organization's data never changes another's.
/// </summary>
public sealed record User
{
    /// <summary>The longest e-mail address accepted (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest display name accepted.</summary>
    public const int MaxDisplayNameLength = 200;

    /// <summary>Creates a user profile.</summary>
    /// <param name="id">The host's identifier of the user.</param>
    /// <param name="email">An address of the form local@domain, at most <see cref="MaxEmailLength"/> characters.</param>
    /// <param name="displayName">A name of 1 to <see cref="MaxDisplayNameLength"/> characters.</param>
    /// <exception cref="ArgumentException">An argument is invalid; the exception names it.</exception>
    public User(UserId id, string email, string displayName)
    {
        Guard.NotDefault(id, nameof(id));
        Id = id;
        Email = Text.RequireEmail(email, nameof(email));
        DisplayName = Text.Require(displayName, MaxDisplayNameLength, nameof(displayName));
    }

    /// <summary>The host's identifier of the user.</summary>
    public UserId Id { get; }

    /// <summary>The user's e-mail address. Never written to logs.</summary>
    public string Email { get; }

    /// <summary>The user's display name. Never written to logs.</summary>
    public string DisplayName { get; }
}
