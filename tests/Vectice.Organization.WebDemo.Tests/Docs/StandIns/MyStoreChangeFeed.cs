using Vectice.Organization.ChangeFeeds;

namespace Vectice.Organization.WebDemo.Tests.Docs.StandIns;

/// <summary>
/// The change feed of the reader's own store, as docs/conformance-kit.md calls it: one that pushes
/// notifications. A stand-in for the snippets to compile against; it reports nothing.
/// </summary>
/// <param name="connectionString">Where it would listen.</param>
/// <param name="timeProvider">Its clock.</param>
public sealed class MyStoreChangeFeed(string connectionString, TimeProvider timeProvider) : IOrganizationChangeFeed
{
    /// <summary>Where it would listen.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Its clock.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <inheritdoc />
    public Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
