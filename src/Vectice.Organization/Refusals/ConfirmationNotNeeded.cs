namespace Vectice.Organization;

/// <summary>
/// A settings change was requested for confirmation, but four-eyes does not guard it (four-eyes is off,
/// or the change does not weaken it): make it at once with <see cref="OrganizationSettingsService.ChangeAsync"/>.
/// </summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Settings">The settings asked for.</param>
public sealed record ConfirmationNotNeeded(OrganizationId OrganizationId, OrganizationSettings Settings) : Refusal
{
    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.ConfirmationNotNeeded;

    /// <inheritdoc />
    public override string Reason =>
        $"Changing the settings of organization '{OrganizationId}' to {Settings} needs no second Admin: four-eyes does not guard it, so change them directly.";
}
