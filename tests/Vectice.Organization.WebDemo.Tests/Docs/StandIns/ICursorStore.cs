namespace Vectice.Organization.WebDemo.Tests.Docs.StandIns;

/// <summary>
/// Where the host keeps how far it has read an organization's audit trail, as docs/notifications.md
/// uses it. A stand-in for the snippets to compile against.
/// </summary>
public interface ICursorStore
{
    /// <summary>Reads the last sequence handled; 0 before the first.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The sequence.</returns>
    Task<long> LoadAsync(OrganizationId organizationId, CancellationToken cancellationToken);

    /// <summary>Keeps the last sequence handled.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="sequence">The sequence.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task SaveAsync(OrganizationId organizationId, long sequence, CancellationToken cancellationToken);
}
