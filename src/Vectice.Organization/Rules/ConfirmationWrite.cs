namespace Vectice.Organization;

/// <summary>Which write a confirmation makes, as <see cref="MembershipRules.DecideConfirmation"/> decided it.</summary>
public enum ConfirmationWrite
{
    /// <summary>Nothing: the confirmation is refused. The value of <c>default(ConfirmationPlan)</c>.</summary>
    None = 0,

    /// <summary>One member, the change's <see cref="PendingChange.Target"/>, moves from the change's <see cref="PendingChange.From"/> to its <see cref="PendingChange.To"/>.</summary>
    Member = 1,

    /// <summary>Each of a bulk change's <see cref="PendingChange.Members"/> moves to the change's <see cref="PendingChange.To"/>.</summary>
    Members = 2,

    /// <summary>The organization's settings become the change's <see cref="PendingChange.SettingsAfter"/>.</summary>
    Settings = 3,
}
