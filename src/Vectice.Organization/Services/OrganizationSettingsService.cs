using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// Changes an organization's settings: the two that open permissions to Members, and four-eyes.
/// Only active Admins change them; every change is audited, and permission checks follow it at once.
/// While four-eyes is on, it is weakened only through <see cref="RequestChangeAsync"/>: a pending
/// change that another active Admin confirms with <see cref="RoleChangeService.ConfirmAsync"/> (an
/// organization that older data left with fewer active Admins than four-eyes keeps may weaken it at once).
/// </summary>
public sealed class OrganizationSettingsService
{
    private readonly ServiceContext _context;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="observers">Told of every settings change; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OrganizationSettingsService(
        IOrganizationStore store,
        IOptions<VecticeOrganizationOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<OrganizationSettingsService>? logger = null,
        IEnumerable<IMembershipChangeObserver>? observers = null) =>
        _context = new ServiceContext(store, options, timeProvider, logger ?? NullLogger<OrganizationSettingsService>.Instance, observers);

    /// <summary>
    /// Sets the organization's settings at once. Turning four-eyes on needs two active Admins; weakening
    /// it while it is on is refused with <see cref="FourEyesRequired"/> (request it instead, with
    /// <see cref="RequestChangeAsync"/>), unless older data left the organization with fewer active Admins
    /// than four-eyes keeps: then its Admin may weaken it here, to add a second one. Turning four-eyes
    /// on, or making it stricter, strands the pending changes it now guards: their confirms are refused
    /// as <see cref="StaleChange"/>, whoever confirms, and they must be requested again. Settings equal to the current ones change nothing and write no
    /// audit entry.
    /// </summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="settings">The settings it should have.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The organization with its settings, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default or undefined; the exception names it.</exception>
    public ValueTask<ChangeSettingsResult> ChangeAsync(
        UserId actor, OrganizationId organizationId, OrganizationSettings settings, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.Defined(settings.FourEyes, nameof(settings));

        return _context.WriteAsync<ChangeSettingsOperation, ChangeSettingsResult>(new(actor, organizationId, settings), cancellationToken);
    }

    /// <summary>
    /// Requests a settings change that four-eyes guards (one that weakens four-eyes while it is on), to
    /// be confirmed by another active Admin with <see cref="RoleChangeService.ConfirmAsync"/>, like any
    /// pending change: it expires, can be cancelled, and is refused as stale at confirm if the settings
    /// moved in between. The requester cannot confirm it, whatever the settings are by then.
    /// </summary>
    /// <param name="actor">An active Admin of the organization.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="settings">The settings it should have.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pending change, or why not (<see cref="ConfirmationNotNeeded"/> for a change to make directly).</returns>
    /// <exception cref="ArgumentException">An argument is default or undefined; the exception names it.</exception>
    public ValueTask<RequestSettingsChangeResult> RequestChangeAsync(
        UserId actor, OrganizationId organizationId, OrganizationSettings settings, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.Defined(settings.FourEyes, nameof(settings));

        return _context.WriteAsync<RequestSettingsChangeOperation, RequestSettingsChangeResult>(new(actor, organizationId, settings), cancellationToken);
    }
}
