using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectice.Organization.Stores;

namespace Vectice.Organization.ChangeFeeds;

/// <summary>
/// The change feed for stores that cannot push notifications (SQLite, custom stores): every
/// <see cref="VecticeOrganizationOptions.ChangeFeedPollInterval"/> it reads the versions of the
/// organizations this process has cached, in one <see cref="IOrganizationStore.FindVersionsAsync"/>,
/// and reports those that moved. A change made elsewhere is seen within one interval plus one read.
/// </summary>
public sealed class PollingOrganizationChangeFeed : IOrganizationChangeFeed
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    /// <summary>Creates the feed.</summary>
    /// <param name="scopes">Opens the scope each poll reads the registered <see cref="IOrganizationStore"/> in.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PollingOrganizationChangeFeed(IServiceScopeFactory scopes, IOptions<VecticeOrganizationOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        _scopes = scopes;
        _interval = OptionsValidation.Validated(options).ChangeFeedPollInterval;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is null; thrown by the call, before a task is returned.</exception>
    public Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return PollUntilCancelledAsync(sink, cancellationToken);
    }

    private async Task PollUntilCancelledAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            await PollAsync(sink, cancellationToken).ConfigureAwait(false);
            await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PollAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
    {
        // Taken before the list: an organization cached after it was read from the store after it too.
        var startedAt = _time.GetTimestamp();
        var watched = sink.GetWatchedOrganizations();
        if (watched.Count > 0)
        {
            IReadOnlyDictionary<OrganizationId, long> versions;
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                versions = await scope.ServiceProvider.GetRequiredService<IOrganizationStore>()
                    .FindVersionsAsync(watched, cancellationToken).ConfigureAwait(false);
            }

            foreach (var organizationId in watched)
            {
                sink.OnChanged(organizationId, versions.TryGetValue(organizationId, out var version) ? version : long.MaxValue);
            }
        }

        sink.OnCaughtUp(startedAt);
    }
}
