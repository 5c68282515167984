namespace Vectice.Organization;

/// <summary>Where a pending change is in its life. Expiry is not a status: it follows from the clock.</summary>
public enum PendingChangeStatus
{
    /// <summary>Waiting for confirmation (or already past its expiry, see <see cref="PendingChange.IsExpiredAt"/>).</summary>
    Pending = 1,

    /// <summary>Confirmed and applied. It can never be applied again.</summary>
    Applied = 2,

    /// <summary>Withdrawn by an Admin. It can never be applied.</summary>
    Cancelled = 3,
}
