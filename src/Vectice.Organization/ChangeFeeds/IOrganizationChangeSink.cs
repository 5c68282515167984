namespace Vectice.Organization.ChangeFeeds;

/// <summary>What an <see cref="IOrganizationChangeFeed"/> reports to: the process's <see cref="OrganizationAccess"/>.</summary>
public interface IOrganizationChangeSink
{
    /// <summary>The organizations this process has cached access for: the ones a polling feed reads the versions of.</summary>
    /// <returns>A copy, taken now.</returns>
    IReadOnlyCollection<OrganizationId> GetWatchedOrganizations();

    /// <summary>The organization is at <paramref name="version"/> or later: drop what is cached for it at an older version.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="version">Its committed version; <see cref="long.MaxValue"/> when it no longer exists.</param>
    void OnChanged(OrganizationId organizationId, long version);

    /// <summary>Changes may have been missed (a reconnect, a restart): drop everything cached.</summary>
    void OnGap();

    /// <summary>
    /// Every change committed before <paramref name="timestamp"/> has been reported: what is still
    /// cached was current then.
    /// </summary>
    /// <param name="timestamp">
    /// A <see cref="TimeProvider.GetTimestamp"/> of the clock registered with the SDK, taken before
    /// the feed began the check it reports on.
    /// </param>
    void OnCaughtUp(long timestamp);
}
