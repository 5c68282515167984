namespace Vectice.Organization.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlOrganizationChangeFeed"/>.</summary>
public sealed class PostgreSqlChangeFeedOptions
{
    /// <summary>
    /// The database the stores commit to. The feed opens one unpooled connection of its own, named
    /// by <see cref="ApplicationName"/> unless the string names one. Required.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// How often the feed checks, with a notification to itself, that it hears everything committed:
    /// each answer lets cached access be used for another
    /// <see cref="VecticeOrganizationOptions.AccessMaxStaleness"/>. Keep it well under that bound.
    /// Must be positive; 250 ms by default.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The application name of the feed's connection, to find it in <c>pg_stat_activity</c>; "vectice-change-feed" by default.</summary>
    public string ApplicationName { get; set; } = "vectice-change-feed";
}
