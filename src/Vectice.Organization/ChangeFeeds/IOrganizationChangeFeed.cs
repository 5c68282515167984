namespace Vectice.Organization.ChangeFeeds;

/// <summary>
/// Tells a process of the changes other processes commit, so that its cached access answers drop
/// what a confirmed change revoked. <see cref="PollingOrganizationChangeFeed"/> works over any store;
/// a store that can push notifications (PostgreSQL's <c>LISTEN</c>) brings its own.
/// </summary>
/// <remarks>
/// The contract, which the conformance kit's <c>ChangeFeedSpecification</c> checks: every commit of
/// every kind reaches <see cref="IOrganizationChangeSink.OnChanged"/>, and
/// <see cref="IOrganizationChangeSink.OnCaughtUp"/> is called with a timestamp only once every change
/// committed before it has been reported. A feed that pushes reports
/// <see cref="IOrganizationChangeSink.OnGap"/> once it is listening, since what was cached before may
/// have missed a change; a feed that polls versions need not. A feed need not reconnect itself: when
/// <see cref="RunAsync"/> throws, the host's runner drops the whole cache, waits (with back-off) and
/// runs it again.
/// </remarks>
public interface IOrganizationChangeFeed
{
    /// <summary>Reports changes to <paramref name="sink"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="sink">Where changes go: the process's <see cref="OrganizationAccess"/>.</param>
    /// <param name="cancellationToken">Stops the feed.</param>
    /// <returns>A task that ends when the feed stops; it faults when the feed lost its source.</returns>
    Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken);
}
