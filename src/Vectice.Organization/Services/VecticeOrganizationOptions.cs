namespace Vectice.Organization;

/// <summary>Options of the services, set through <c>AddVecticeOrganization(options => ...)</c>.</summary>
public sealed class VecticeOrganizationOptions
{
    /// <summary>How long a pending change may wait for confirmation. Must be positive; 15 minutes by default.</summary>
    public TimeSpan PendingChangeTimeToLive { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many times an operation is tried (read, decide, commit) when other writers keep changing
    /// the organization under it, before it is refused as <see cref="ConcurrencyConflict"/>.
    /// At least 1; 8 by default.
    /// </summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// The longest a change committed in another process can go unseen by <see cref="OrganizationAccess"/>:
    /// an entry is used only while it was read from the store, or the change feed last caught up, no
    /// longer ago than this; otherwise the check reads the store. Changes committed in this process
    /// are seen at once. Must be positive; 1 second by default.
    /// </summary>
    public TimeSpan AccessMaxStaleness { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often <see cref="ChangeFeeds.PollingOrganizationChangeFeed"/> reads the versions of the
    /// organizations this process has cached. Must be positive; 1 second by default.
    /// </summary>
    public TimeSpan ChangeFeedPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
