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
    public async ValueTask<ChangeSettingsResult> ChangeAsync(
        UserId actor, OrganizationId organizationId, OrganizationSettings settings, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.Defined(settings.FourEyes, nameof(settings));
        cancellationToken.ThrowIfCancellationRequested();

        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
            var refusal = snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.DecideSettingsChange(snapshot, settings);
            if (refusal is not null)
            {
                return ChangeSettingsResult.FromRefusal(_context.Refused(nameof(ChangeAsync), actor, refusal));
            }

            var current = snapshot!.Organization;
            if (current.Settings == settings)
            {
                return current;
            }

            var changed = current.NextVersion() with { Settings = settings };
            var commit = new OrganizationCommit
            {
                Organization = changed,
                AuditEntries =
                [
                    new AuditEntry
                    {
                        OrganizationId = organizationId,
                        At = _context.Now(),
                        Actor = actor,
                        Action = AuditAction.SettingsChanged,
                        Target = actor,
                        Before = snapshot.Actor!.State,
                        After = snapshot.Actor.State,
                        SettingsBefore = current.Settings,
                        SettingsAfter = settings,
                    },
                ],
            };
            if (await _context.Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == CommitOutcome.Committed)
            {
                Log.SettingsChanged(_context.Logger, organizationId.Value, actor.Value, settings.MembersCanCreateWorkspaces, settings.MembersCanInviteColleagues, settings.FourEyes);
                await _context.NotifyAsync(commit.AuditEntries, cancellationToken).ConfigureAwait(false);
                return changed;
            }

            if (!await _context.RetryAfterConflictAsync(nameof(ChangeAsync), organizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return ChangeSettingsResult.FromRefusal(_context.GiveUp(nameof(ChangeAsync), actor, organizationId, attempt));
            }
        }
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
    public async ValueTask<RequestSettingsChangeResult> RequestChangeAsync(
        UserId actor, OrganizationId organizationId, OrganizationSettings settings, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.Defined(settings.FourEyes, nameof(settings));
        cancellationToken.ThrowIfCancellationRequested();

        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
            var refusal = snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.DecideSettingsRequest(snapshot, settings);
            if (refusal is not null)
            {
                return RequestSettingsChangeResult.FromRefusal(_context.Refused(nameof(RequestChangeAsync), actor, refusal));
            }

            var requester = snapshot!.Actor!.State;
            var pending = _context.NewPendingChange(snapshot, actor, ChangeKind.ChangeSettings, actor, requester, requester) with
            {
                SettingsBefore = snapshot.Organization.Settings,
                SettingsAfter = settings,
            };
            if (await _context.TryRequestAsync(snapshot, pending, "settings", cancellationToken).ConfigureAwait(false))
            {
                return pending;
            }

            if (!await _context.RetryAfterConflictAsync(nameof(RequestChangeAsync), organizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return RequestSettingsChangeResult.FromRefusal(_context.GiveUp(nameof(RequestChangeAsync), actor, organizationId, attempt));
            }
        }
    }
}
