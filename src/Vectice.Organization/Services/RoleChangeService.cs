using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// The admin flow of Vectice's "Update a user role in your organization": a request gives back a
/// <see cref="PendingChange"/> (the confirmation page) and saves nothing about the membership;
/// <see cref="ConfirmAsync"/> (the Confirm button) applies it, once, with its audit entry, in one
/// atomic step. Deactivation and reactivation go through the same two steps.
/// </summary>
public sealed class RoleChangeService
{
    private readonly ServiceContext _context;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="observers">Told of every change applied; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public RoleChangeService(
        IOrganizationStore store,
        IOptions<VecticeOrganizationOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<RoleChangeService>? logger = null,
        IEnumerable<IMembershipChangeObserver>? observers = null) =>
        _context = new ServiceContext(store, options, timeProvider, logger ?? NullLogger<RoleChangeService>.Instance, observers);

    /// <summary>"Change role to" <paramref name="newRole"/>: requests the change, to be confirmed.</summary>
    /// <param name="actor">The Admin asking.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="target">The member whose role changes.</param>
    /// <param name="newRole">The role they should have.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pending change, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default or undefined; the exception names it.</exception>
    public ValueTask<RequestChangeResult> RequestAsync(
        UserId actor, OrganizationId organizationId, UserId target, OrgRole newRole, CancellationToken cancellationToken = default) =>
        RequestCoreAsync(actor, organizationId, MembershipChangeCommand.ChangeRole(target, newRole), cancellationToken);

    /// <summary>Requests that <paramref name="target"/> be deactivated, to be confirmed.</summary>
    /// <param name="actor">The Admin asking.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="target">The member to deactivate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pending change, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<RequestChangeResult> RequestDeactivationAsync(
        UserId actor, OrganizationId organizationId, UserId target, CancellationToken cancellationToken = default) =>
        RequestCoreAsync(actor, organizationId, MembershipChangeCommand.Deactivate(target), cancellationToken);

    /// <summary>Requests that deactivated <paramref name="target"/> be reactivated, to be confirmed.</summary>
    /// <param name="actor">The Admin asking.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="target">The member to reactivate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pending change, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<RequestChangeResult> RequestReactivationAsync(
        UserId actor, OrganizationId organizationId, UserId target, CancellationToken cancellationToken = default) =>
        RequestCoreAsync(actor, organizationId, MembershipChangeCommand.Reactivate(target), cancellationToken);

    /// <summary>
    /// "Change role to" <paramref name="newRole"/> for many members at once: one pending change,
    /// validated as a whole (each member named if they cannot be moved; the last-Admin rule on the
    /// combined effect), confirmed all or nothing with one audit entry per member.
    /// </summary>
    /// <param name="actor">The Admin asking.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="targets">The members, 1 to <see cref="PendingChange.MaxBulkMembers"/>, each once.</param>
    /// <param name="newRole">The role they should have.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pending change, or why not.</returns>
    /// <exception cref="ArgumentException">The list is empty, too long, has duplicates or default ids, or the role is undefined.</exception>
    public ValueTask<RequestChangeResult> RequestBulkAsync(
        UserId actor, OrganizationId organizationId, IReadOnlyCollection<UserId> targets, OrgRole newRole, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        var members = Guard.Targets(targets, PendingChange.MaxBulkMembers, nameof(targets));
        Guard.Defined(newRole, nameof(newRole));
        return _context.WriteAsync<RequestBulkChangeOperation, RequestChangeResult>(new(actor, organizationId, members, newRole), cancellationToken);
    }

    /// <summary>
    /// Confirms a pending change: re-checks every rule against the organization as it is now and,
    /// if all still hold, applies the change, closes the pending change and appends one audit entry
    /// in a single atomic commit.
    /// </summary>
    /// <remarks>
    /// Who may confirm is fixed by four-eyes as it was when the change was requested
    /// (<see cref="PendingChange.NeedsSecondAdmin"/>): when four-eyes did not guard the change, only the
    /// Admin who requested it; when it did, any other active Admin of the organization, and never the
    /// requester, even after four-eyes is switched off. Another active Admin is refused with
    /// <see cref="ConfirmerNotAllowed"/>; someone who is not an active Admin, with
    /// <see cref="NotAnActiveAdmin"/>. A change that four-eyes came to guard only after its request
    /// (switched on, or made stricter, in between) is refused as stale (<see cref="StaleChange"/>),
    /// whoever confirms it: request it again.
    /// </remarks>
    /// <param name="actor">
    /// An active Admin of the organization: the change's requester when four-eyes did not guard it at
    /// request; otherwise another Admin, never the requester.
    /// </param>
    /// <param name="pendingChangeId">The pending change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The applied change, or why nothing was applied.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    /// <exception cref="InvalidOperationException">
    /// From the returned task: the store read the pending change malformed (a settings change without its
    /// settings, a bulk change without members: a custom store's bug); nothing is written.
    /// </exception>
    public ValueTask<ConfirmChangeResult> ConfirmAsync(
        UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        // Untimed while nothing listens to the histogram: nothing would record the two clock reads, and
        // the async layer around the write is not needed.
        return Telemetry.ConfirmDuration.Enabled
            ? ConfirmTimedAsync(new(actor, pendingChangeId), cancellationToken)
            : _context.WriteAsync<ConfirmChangeOperation, ConfirmChangeResult>(new(actor, pendingChangeId), cancellationToken);
    }

    /// <summary>Confirms, recording how long the confirm took and its outcome.</summary>
    private async ValueTask<ConfirmChangeResult> ConfirmTimedAsync(ConfirmChangeOperation operation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await _context.WriteAsync<ConfirmChangeOperation, ConfirmChangeResult>(operation, cancellationToken).ConfigureAwait(false);
        var outcome = result.Refusal?.Code.ToString() ?? "applied";
        Telemetry.ConfirmDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(Telemetry.OutcomeTag, outcome));
        return result;
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> of the organization's pending changes past their expiry,
    /// whatever their status, in one atomic commit with one audit entry that says how many and up to
    /// which expiry (<see cref="AuditAction.PendingChangesPurged"/>), so that the trail explains why a
    /// change it names is gone. The SDK runs no timer: call it from your own scheduled job, as an Admin
    /// of the organization. Afterwards, a confirm of a purged change is refused as not found.
    /// </summary>
    /// <param name="actor">An active Admin of the organization, recorded as the purge's actor.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="limit">How many at most in this call, 1 to 1,000; 500 by default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were purged (call again while it equals <paramref name="limit"/>; 0 writes nothing), or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default or out of range; the exception names it.</exception>
    public ValueTask<PurgeResult> PurgeExpiredAsync(UserId actor, OrganizationId organizationId, int limit = 500, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.Limit(limit, PendingChangeQuery.MaxLimit, nameof(limit));
        return _context.WriteAsync<PurgeExpiredOperation, PurgeResult>(new(actor, organizationId, limit), cancellationToken);
    }

    /// <summary>Withdraws a pending change. Any active Admin of its organization may cancel it.</summary>
    /// <param name="actor">The Admin cancelling.</param>
    /// <param name="pendingChangeId">The pending change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The cancelled change, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public ValueTask<CancelChangeResult> CancelAsync(
        UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        return _context.WriteAsync<CancelChangeOperation, CancelChangeResult>(new(actor, pendingChangeId), cancellationToken);
    }

    private ValueTask<RequestChangeResult> RequestCoreAsync(
        UserId actor, OrganizationId organizationId, MembershipChangeCommand command, CancellationToken cancellationToken)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        return _context.WriteAsync<RequestChangeOperation, RequestChangeResult>(new(actor, organizationId, command), cancellationToken);
    }
}
