using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>An organization: its identity, name, settings and concurrency version.</summary>
public sealed record OrganizationInfo
{
    /// <summary>The longest organization name accepted.</summary>
    public const int MaxNameLength = 200;

    private readonly long _version;

    /// <summary>Creates an organization value.</summary>
    /// <param name="id">The organization's identifier.</param>
    /// <param name="name">Its display name, 1 to <see cref="MaxNameLength"/> characters.</param>
    /// <param name="settings">Its settings.</param>
    /// <param name="version">Its version, 1 or more (see <see cref="Version"/>).</param>
    /// <exception cref="ArgumentException">An argument is invalid; the exception names it.</exception>
    public OrganizationInfo(OrganizationId id, string name, OrganizationSettings settings, long version)
    {
        Guard.NotDefault(id, nameof(id));
        Id = id;
        Name = Text.Require(name, MaxNameLength, nameof(name));
        Settings = settings;
        Version = version;
    }

    /// <summary>The organization's identifier.</summary>
    public OrganizationId Id { get; }

    /// <summary>The organization's display name.</summary>
    public string Name { get; }

    /// <summary>The organization's settings.</summary>
    public OrganizationSettings Settings { get; init; }

    /// <summary>
    /// The concurrency version: 1 when created, one more after every committed write to the
    /// organization. A write succeeds only against the version it was decided on.
    /// </summary>
    public long Version
    {
        get => _version;
        init => _version = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The version starts at 1.");
    }

    /// <summary>This organization as a commit decided on it will store it.</summary>
    internal OrganizationInfo NextVersion() => this with { Version = Version + 1 };
}
