using System.Globalization;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The notification the store sends on PostgreSQL with every commit, inside the commit's transaction
/// (so it is delivered only if the commit is): <c>pg_notify('vectice_organization_changes', '&lt;version&gt;:&lt;organization id&gt;')</c>.
/// A process hears it through <c>Vectice.Organization.PostgreSql</c>'s change feed; a custom store on
/// PostgreSQL sends the same to be heard too.
/// </summary>
public static class OrganizationChangeNotification
{
    /// <summary>The channel every commit is notified on.</summary>
    public const string Channel = "vectice_organization_changes";

    /// <summary>The payload for <paramref name="organizationId"/> committed at <paramref name="version"/>.</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="version">Its version after the commit.</param>
    /// <returns>The version, a colon, then the organization id.</returns>
    public static string Payload(OrganizationId organizationId, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{version}:{organizationId.Value}");

    /// <summary>Reads a payload made by <see cref="Payload"/>.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="organizationId">The organization, when read.</param>
    /// <param name="version">The version, when read.</param>
    /// <returns>Whether <paramref name="payload"/> was one.</returns>
    public static bool TryParse(string? payload, out OrganizationId organizationId, out long version)
    {
        organizationId = default;
        version = 0;
        var colon = payload?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !long.TryParse(payload.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            return false;
        }

        try
        {
            organizationId = new OrganizationId(payload![(colon + 1)..]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
