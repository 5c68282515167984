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
    /// How long <see cref="OrganizationAccess"/> answers from an entry before it reads the store again:
    /// the longest a change committed in another process can go unseen. Changes committed in this
    /// process are seen at once. Must be positive; 1 second by default.
    /// </summary>
    public TimeSpan AccessMaxStaleness { get; set; } = TimeSpan.FromSeconds(1);
}
