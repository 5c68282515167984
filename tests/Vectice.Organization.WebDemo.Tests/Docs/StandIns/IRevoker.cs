namespace Vectice.Organization.WebDemo.Tests.Docs.StandIns;

/// <summary>What the host does with each audit entry it reads, as docs/notifications.md uses it. A stand-in for the snippets to compile against.</summary>
public interface IRevoker
{
    /// <summary>Handles one entry; may see the same entry twice.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task HandleAsync(AuditEntry entry, CancellationToken cancellationToken);
}
