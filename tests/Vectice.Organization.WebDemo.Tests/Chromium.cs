namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// Debian's Chromium, which the browser tests drive (Playwright's own download is not used). Without
/// it they skip with a reason, except on CI (<c>CI=true</c>), where a missing browser fails them.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static string? SkipReason
    {
        get
        {
            if (File.Exists(ExecutablePath))
            {
                return null;
            }

            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {ExecutablePath} is missing: the browser tests must run on CI, not skip.");
            }

            return $"No browser: install Debian's Chromium (apt-get install -y chromium) to run the browser tests; {ExecutablePath} is missing.";
        }
    }
}
