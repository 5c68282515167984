namespace Vectice.Organization;

/// <summary>
/// Under four-eyes this cannot be done by one Admin directly: an Admin is added as a Member and then
/// promoted through a change another Admin confirms; four-eyes is weakened through a settings change
/// another Admin confirms (<see cref="OrganizationSettingsService.RequestChangeAsync"/>).
/// </summary>
/// <param name="OrganizationId">The organization.</param>
/// <param name="Actor">The Admin who tried.</param>
public sealed record FourEyesRequired(OrganizationId OrganizationId, UserId Actor) : Refusal
{
    /// <summary>When the refused act was a settings change that weakens four-eyes, the settings asked for; otherwise (adding an Admin) <see langword="null"/>.</summary>
    public OrganizationSettings? Settings { get; init; }

    /// <inheritdoc />
    public override RefusalCode Code => RefusalCode.FourEyesRequired;

    /// <inheritdoc />
    public override string Reason => Settings is { } settings
        ? $"Organization '{OrganizationId}' uses four-eyes: weakening it to {settings.FourEyes} must be requested, then confirmed by another active Admin."
        : $"Organization '{OrganizationId}' uses four-eyes: add the user as a Member, then request their promotion for another Admin to confirm.";
}
