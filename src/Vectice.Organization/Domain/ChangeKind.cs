namespace Vectice.Organization;

/// <summary>What a pending change does to its target's membership.</summary>
public enum ChangeKind
{
    /// <summary>"Change role to": moves the target to another role.</summary>
    ChangeRole = 1,

    /// <summary>Deactivates the target: they keep their role but lose every permission.</summary>
    Deactivate = 2,

    /// <summary>Reactivates a deactivated target with the role they had.</summary>
    Reactivate = 3,

    /// <summary>
    /// Moves many members to one role at once (<see cref="PendingChange.Members"/>), confirmed all or
    /// nothing, with one audit entry per member.
    /// </summary>
    BulkChangeRole = 4,

    /// <summary>
    /// Changes the organization's settings (<see cref="PendingChange.SettingsAfter"/>): how four-eyes is
    /// weakened while it is on, so that another Admin confirms it. The target is the requester.
    /// </summary>
    ChangeSettings = 5,
}
