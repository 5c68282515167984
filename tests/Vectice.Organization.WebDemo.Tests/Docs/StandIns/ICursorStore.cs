using Vectice.Organization.Stores;

namespace Vectice.Organization.WebDemo.Tests.Docs.StandIns;

/// <summary>
/// Where the host keeps how far it has read an organization's audit trail, as docs/notifications.md
/// uses it. A stand-in for the snippets to compile against.
/// </summary>
public interface ICursorStore
{
    /// <summary>Reads the cursor after the last entry handled; <see langword="null"/> before the first.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The cursor.</returns>
    Task<PageCursor?> LoadAsync(OrganizationId organizationId, CancellationToken cancellationToken);

    /// <summary>Keeps the cursor after the last entry handled (its text, <see cref="PageCursor.ToString"/>, is what to store).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="cursor">The cursor.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task SaveAsync(OrganizationId organizationId, PageCursor cursor, CancellationToken cancellationToken);
}
