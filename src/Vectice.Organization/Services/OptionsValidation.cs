using Microsoft.Extensions.Options;

namespace Vectice.Organization;

/// <summary>Checks <see cref="VecticeOrganizationOptions"/> when a service first reads them.</summary>
internal static class OptionsValidation
{
    public static VecticeOrganizationOptions Validated(IOptions<VecticeOrganizationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        List<string>? failures = null;
        if (value.PendingChangeTimeToLive <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(VecticeOrganizationOptions)}.{nameof(VecticeOrganizationOptions.PendingChangeTimeToLive)} must be greater than zero; it is {value.PendingChangeTimeToLive}.");
        }

        if (value.MaxAttempts < 1)
        {
            (failures ??= []).Add($"{nameof(VecticeOrganizationOptions)}.{nameof(VecticeOrganizationOptions.MaxAttempts)} must be at least 1; it is {value.MaxAttempts}.");
        }

        if (value.AccessMaxStaleness <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(VecticeOrganizationOptions)}.{nameof(VecticeOrganizationOptions.AccessMaxStaleness)} must be greater than zero; it is {value.AccessMaxStaleness}.");
        }

        if (value.ChangeFeedPollInterval <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(VecticeOrganizationOptions)}.{nameof(VecticeOrganizationOptions.ChangeFeedPollInterval)} must be greater than zero; it is {value.ChangeFeedPollInterval}.");
        }

        return failures is null
            ? value
            : throw new OptionsValidationException(Options.DefaultName, typeof(VecticeOrganizationOptions), failures);
    }
}
