namespace Vectice.Organization;

/// <summary>What an audit entry records.</summary>
public enum AuditAction
{
    /// <summary>An organization was created with a founding Admin (the entry's target; one entry per founder) and its settings (<see cref="AuditEntry.SettingsAfter"/>).</summary>
    OrganizationCreated = 1,

    /// <summary>A user was added as a member.</summary>
    MemberAdded = 2,

    /// <summary>A confirmed role change was applied.</summary>
    RoleChanged = 3,

    /// <summary>A confirmed deactivation was applied.</summary>
    MemberDeactivated = 4,

    /// <summary>A confirmed reactivation was applied.</summary>
    MemberReactivated = 5,

    /// <summary>An Admin changed the organization's settings (<see cref="AuditEntry.SettingsBefore"/>, <see cref="AuditEntry.SettingsAfter"/>).</summary>
    SettingsChanged = 6,

    /// <summary>
    /// An Admin purged expired pending changes (<see cref="AuditEntry.PurgedCount"/> of them, each expired
    /// at or before <see cref="AuditEntry.PurgeCutoff"/>), so that the trail explains why a change it
    /// names can no longer be found.
    /// </summary>
    PendingChangesPurged = 7,
}
