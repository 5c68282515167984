namespace Vectice.Organization.WebDemo.Tests.Docs.StandIns;

/// <summary>The host's sign-in sessions, as docs/notifications.md uses them. A stand-in for the snippets to compile against.</summary>
public interface ISessionStore
{
    /// <summary>Ends every session of a user.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task RevokeAsync(string userId, CancellationToken cancellationToken);
}
