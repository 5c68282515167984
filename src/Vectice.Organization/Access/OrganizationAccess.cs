using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// Answers "may this user do this in this organization?" on every request, from an in-process cache
/// of memberships and settings. A miss, or an entry verified longer than
/// <see cref="VecticeOrganizationOptions.AccessMaxStaleness"/> ago, reads the store once (in a scope of
/// its own). Every change the SDK commits in this process drops the organization's entries before the
/// committing call returns; a change committed elsewhere drops them when an
/// <see cref="IOrganizationChangeFeed"/> reports it, and is seen within the staleness bound in any
/// case. Register it as a singleton (<c>AddVecticeOrganization</c> does), and give it to services built
/// by hand as an observer.
/// </summary>
/// <remarks>
/// An entry is used while it is known current: read from the store, or still cached when the change
/// feed last caught up, no longer than <see cref="VecticeOrganizationOptions.AccessMaxStaleness"/> ago.
/// Without a feed, or while the feed is silent, every entry is read again once it is that old.
/// </remarks>
public sealed class OrganizationAccess : IMembershipChangeObserver, IOrganizationChangeSink
{
    private readonly ConcurrentDictionary<OrganizationId, AccessCacheSlot> _slots = new();
    private long _feedCaughtUpAt = long.MinValue;
    private readonly IServiceScopeFactory _scopes;
    private readonly AccessClock _clock;

    /// <summary>Creates the access check.</summary>
    /// <param name="scopes">Opens the scope a cache fill reads the registered <see cref="IOrganizationStore"/> in.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OrganizationAccess(IServiceScopeFactory scopes, IOptions<VecticeOrganizationOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        _scopes = scopes;
        _clock = new AccessClock(timeProvider ?? TimeProvider.System, OptionsValidation.Validated(options).AccessMaxStaleness);
    }

    /// <summary>
    /// Whether <paramref name="userId"/> may do <paramref name="permission"/> in
    /// <paramref name="organizationId"/>: never for a non-member, a deactivated member or an organization
    /// that does not exist.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="permission">The permission asked for.</param>
    /// <param name="cancellationToken">Cancels the check: once cancelled, the task is cancelled, even when the answer is cached.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    /// <exception cref="ArgumentException">An argument is default or undefined; the exception names it.</exception>
    public ValueTask<bool> IsAllowedAsync(UserId userId, OrganizationId organizationId, Permission permission, CancellationToken cancellationToken = default)
    {
        PermissionMatrix.EnsureDefined(permission, nameof(permission));
        var access = GetAccessAsync(userId, organizationId, cancellationToken);
        return access.IsCompletedSuccessfully
            ? new ValueTask<bool>(access.Result?.IsAllowed(permission) == true)
            : AwaitAllowed(access, permission);

        static async ValueTask<bool> AwaitAllowed(ValueTask<MemberAccess?> pending, Permission permission) =>
            (await pending.ConfigureAwait(false))?.IsAllowed(permission) == true;
    }

    /// <summary>
    /// The member's role and status with the organization's settings, for a user interface to show what
    /// the member may do (the "Change role to" menu for an active Admin, say).
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="cancellationToken">Cancels the check: once cancelled, the task is cancelled, even when the answer is cached.</param>
    /// <returns>The access, or <see langword="null"/> for a non-member or an organization that does not exist.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<MemberAccess?> GetAccessAsync(UserId userId, OrganizationId organizationId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(userId, nameof(userId));
        Guard.NotDefault(organizationId, nameof(organizationId));
        if (cancellationToken.IsCancellationRequested)
        {
            // Even on a hit, as the BCL's asynchronous methods do: a cancelled caller gets a cancelled task, never an answer.
            return ValueTask.FromCanceled<MemberAccess?>(cancellationToken);
        }

        var feedCaughtUpAt = Volatile.Read(ref _feedCaughtUpAt);
        return _slots.TryGetValue(organizationId, out var slot) && slot.TryGet(userId, _clock.Now(), _clock.Bound, feedCaughtUpAt, out var access)
            ? new ValueTask<MemberAccess?>(access)
            : FillAsync(userId, organizationId, cancellationToken);
    }

    /// <summary>Drops what is cached for the change's organization.</summary>
    /// <param name="change">The committed change.</param>
    /// <param name="cancellationToken">Not used: dropping does not wait.</param>
    /// <returns>A completed task.</returns>
    ValueTask IMembershipChangeObserver.OnCommittedAsync(AuditEntry change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Invalidate(change.OrganizationId);
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops what is cached for <paramref name="organizationId"/>, for a change committed outside this process.</summary>
    /// <param name="organizationId">The organization.</param>
    public void Invalidate(OrganizationId organizationId)
    {
        if (_slots.TryGetValue(organizationId, out var slot))
        {
            slot.Invalidate();
        }
    }

    /// <inheritdoc />
    IReadOnlyCollection<OrganizationId> IOrganizationChangeSink.GetWatchedOrganizations() => [.. _slots.Keys];

    /// <inheritdoc />
    void IOrganizationChangeSink.OnChanged(OrganizationId organizationId, long version)
    {
        if (_slots.TryGetValue(organizationId, out var slot))
        {
            slot.OnChanged(version);
        }
    }

    /// <inheritdoc />
    void IOrganizationChangeSink.OnGap()
    {
        foreach (var slot in _slots.Values)
        {
            slot.Invalidate();
        }
    }

    /// <inheritdoc />
    void IOrganizationChangeSink.OnCaughtUp(long timestamp)
    {
        // Never later than now: a feed's clock error must not make entries current in the future.
        AtomicMax.Raise(ref _feedCaughtUpAt, Math.Min(_clock.FromTimestamp(timestamp), _clock.Now()));
    }

    private async ValueTask<MemberAccess?> FillAsync(UserId userId, OrganizationId organizationId, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(organizationId, static _ => new AccessCacheSlot());
        var invalidations = slot.Invalidations;
        var readAt = _clock.Now();
        OrganizationSnapshot? snapshot;
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var store = scope.ServiceProvider.GetRequiredService<IOrganizationStore>();
            snapshot = await store.LoadSnapshotAsync(organizationId, userId, userId, null, cancellationToken).ConfigureAwait(false);
        }

        if (snapshot is null)
        {
            // Nothing is cached for an organization that does not exist.
            _slots.TryRemove(KeyValuePair.Create(organizationId, slot));
            return null;
        }

        var organization = snapshot.Organization;
        var access = snapshot.Actor is { } member
            ? new MemberAccess(organizationId, userId, member.Role, member.Status, organization.Settings, organization.Version)
            : null;
        slot.Offer(invalidations, organization.Version, readAt, userId, access);
        return access;
    }
}
