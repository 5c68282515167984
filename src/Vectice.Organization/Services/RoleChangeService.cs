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
    private const string RequestOperation = "Request";
    private const string PurgeOperation = "Purge";
    private const string RequestSpan = "vectice.organization.request";
    private const string ConfirmSpan = "vectice.organization.confirm";
    private const string CancelSpan = "vectice.organization.cancel";

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
    public async ValueTask<RequestChangeResult> RequestBulkAsync(
        UserId actor, OrganizationId organizationId, IReadOnlyCollection<UserId> targets, OrgRole newRole, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        var members = Guard.Targets(targets, PendingChange.MaxBulkMembers, nameof(targets));
        Guard.Defined(newRole, nameof(newRole));
        cancellationToken.ThrowIfCancellationRequested();

        using var activity = ServiceContext.Trace(RequestSpan, organizationId);
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
            {
                return RequestChangeResult.FromRefusal(_context.Refused(RequestOperation, actor, new OrganizationNotFound(organizationId)));
            }

            var found = await ReadMembersAsync(organizationId, members, cancellationToken).ConfigureAwait(false);
            if (MembershipRules.DecideBulkChange(snapshot, members, found, newRole) is { } refusal)
            {
                return RequestChangeResult.FromRefusal(_context.Refused(RequestOperation, actor, refusal));
            }

            var transitions = members.Select(m => new MemberTransition(m, found[m].State)).ToArray();
            var to = new MembershipState(newRole, MembershipStatus.Active);
            var pending = _context.NewPendingChange(snapshot, actor, ChangeKind.BulkChangeRole, transitions[0].Member, transitions[0].From, to, transitions);
            if (await _context.TryRequestAsync(snapshot, pending, $"{transitions.Length} members", cancellationToken).ConfigureAwait(false))
            {
                return pending;
            }

            if (!await _context.RetryAfterConflictAsync(RequestOperation, organizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return RequestChangeResult.FromRefusal(_context.GiveUp(RequestOperation, actor, organizationId, attempt));
            }
        }
    }

    /// <summary>
    /// Confirms a pending change: re-checks every rule against the organization as it is now and,
    /// if all still hold, applies the change, closes the pending change and appends one audit entry
    /// in a single atomic commit.
    /// </summary>
    /// <param name="actor">The Admin confirming: the one who requested it, or, when four-eyes applied to it at request, any other active Admin.</param>
    /// <param name="pendingChangeId">The pending change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The applied change, or why nothing was applied.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public async ValueTask<ConfirmChangeResult> ConfirmAsync(
        UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        cancellationToken.ThrowIfCancellationRequested();

        using var activity = ServiceContext.Trace(ConfirmSpan);
        var started = Stopwatch.GetTimestamp();
        var result = await ConfirmCoreAsync(actor, pendingChangeId, cancellationToken).ConfigureAwait(false);
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
    public async ValueTask<PurgeResult> PurgeExpiredAsync(UserId actor, OrganizationId organizationId, int limit = 500, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        Guard.Limit(limit, PendingChangeQuery.MaxLimit, nameof(limit));
        cancellationToken.ThrowIfCancellationRequested();

        for (var attempt = 1; ; attempt++)
        {
            // The version is read first, so that a change between the two reads makes the commit conflict.
            var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
            if ((snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.RequireActiveAdmin(snapshot)) is { } refusal)
            {
                return PurgeResult.FromRefusal(_context.Refused(PurgeOperation, actor, refusal));
            }

            var now = _context.Now();
            var expired = await _context.Store.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken).ConfigureAwait(false);
            if (expired.Count == 0)
            {
                return 0;
            }

            var admin = snapshot!.Actor!.State;
            var commit = new OrganizationCommit
            {
                Organization = snapshot.Organization.NextVersion(),
                RemovedPendingChanges = expired,
                AuditEntries =
                [
                    new AuditEntry
                    {
                        OrganizationId = organizationId,
                        At = now,
                        Actor = actor,
                        Action = AuditAction.PendingChangesPurged,
                        Target = actor,
                        Before = admin,
                        After = admin,
                        PurgedCount = expired.Count,
                        PurgeCutoff = now,
                    },
                ],
            };
            if (await _context.Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == CommitOutcome.Committed)
            {
                Log.PendingChangesPurged(_context.Logger, expired.Count, organizationId.Value, actor.Value);
                await _context.NotifyAsync(commit.AuditEntries, cancellationToken).ConfigureAwait(false);
                return expired.Count;
            }

            if (!await _context.RetryAfterConflictAsync(PurgeOperation, organizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return PurgeResult.FromRefusal(_context.GiveUp(PurgeOperation, actor, organizationId, attempt));
            }
        }
    }

    private async ValueTask<ConfirmChangeResult> ConfirmCoreAsync(UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _context.Store.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken).ConfigureAwait(false);
            Activity.Current?.SetTag(Telemetry.OrganizationTag, snapshot?.Organization.Id.Value);

            // A bulk change's members are read after the snapshot's version: anything newer makes the commit conflict.
            var bulk = snapshot?.PendingChange?.Members is { } transitions
                ? await ReadMembersAsync(snapshot.Organization.Id, [.. transitions.Select(t => t.Member)], cancellationToken).ConfigureAwait(false)
                : null;
            var now = _context.Now();
            var decision = MembershipRules.DecideConfirmation(snapshot, pendingChangeId, actor, now, bulk);
            if (!decision.IsAccepted)
            {
                return ConfirmChangeResult.FromRefusal(_context.Refused(nameof(ConfirmAsync), actor, decision.Refusal!));
            }

            var pending = snapshot!.PendingChange!;
            var applied = pending with { Status = PendingChangeStatus.Applied, ClosedBy = actor, ClosedAt = now };
            var (commit, membership) = PlanConfirmation(snapshot, applied, decision, bulk, now);
            if (await _context.Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == CommitOutcome.Committed)
            {
                Log.ChangeConfirmed(_context.Logger, pendingChangeId.Value, actor.Value, pending.OrganizationId.Value, pending.Target.Value, pending.From, pending.To);
                Telemetry.Confirms.Add(1);
                ServiceContext.Succeeded("applied");
                await _context.NotifyAsync(commit.AuditEntries, cancellationToken).ConfigureAwait(false);
                return new AppliedChange(applied, membership);
            }

            if (!await _context.RetryAfterConflictAsync(nameof(ConfirmAsync), pending.OrganizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return ConfirmChangeResult.FromRefusal(_context.GiveUp(nameof(ConfirmAsync), actor, pending.OrganizationId, attempt));
            }
        }
    }

    /// <summary>What confirming writes: the members moved (none for settings), the change closed, one audit entry per member or for the settings.</summary>
    private static (OrganizationCommit Commit, Membership Membership) PlanConfirmation(
        OrganizationSnapshot snapshot, PendingChange applied, ChangeDecision decision, Dictionary<UserId, Membership>? bulk, DateTimeOffset now)
    {
        var organization = snapshot.Organization.NextVersion();
        var target = snapshot.Target!;
        if (applied.SettingsAfter is { } settings)
        {
            var entry = AuditOf(applied, target.UserId, target.State, target.State, now) with { SettingsBefore = applied.SettingsBefore, SettingsAfter = settings };
            return (new OrganizationCommit { Organization = organization with { Settings = settings }, UpdatedPendingChange = applied, AuditEntries = [entry] }, target);
        }

        Membership[] memberships;
        AuditEntry[] audit;
        if (bulk is null)
        {
            // A single change, the common case: no enumeration on this path.
            memberships = [target.WithState(decision.To)];
            audit = [AuditOf(applied, applied.Target, applied.From, applied.To, now)];
        }
        else
        {
            memberships = [.. applied.Members!.Select(t => bulk[t.Member].WithState(applied.To))];
            audit = [.. applied.Members!.Select(t => AuditOf(applied, t.Member, t.From, applied.To, now))];
        }

        return (new OrganizationCommit { Organization = organization, UpdatedMemberships = memberships, UpdatedPendingChange = applied, AuditEntries = audit }, memberships[0]);
    }

    /// <summary>Withdraws a pending change. Any active Admin of its organization may cancel it.</summary>
    /// <param name="actor">The Admin cancelling.</param>
    /// <param name="pendingChangeId">The pending change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The cancelled change, or why not.</returns>
    /// <exception cref="ArgumentException">An argument is default; the exception names it.</exception>
    public async ValueTask<CancelChangeResult> CancelAsync(
        UserId actor, PendingChangeId pendingChangeId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(pendingChangeId, nameof(pendingChangeId));
        cancellationToken.ThrowIfCancellationRequested();

        using var activity = ServiceContext.Trace(CancelSpan);
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _context.Store.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(Telemetry.OrganizationTag, snapshot?.Organization.Id.Value);
            if (MembershipRules.DecideCancellation(snapshot, pendingChangeId) is { } refusal)
            {
                return CancelChangeResult.FromRefusal(_context.Refused(nameof(CancelAsync), actor, refusal));
            }

            var pending = snapshot!.PendingChange!;
            var cancelled = pending with { Status = PendingChangeStatus.Cancelled, ClosedBy = actor, ClosedAt = _context.Now() };
            var commit = new OrganizationCommit { Organization = snapshot.Organization.NextVersion(), UpdatedPendingChange = cancelled };
            if (await _context.Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false) == CommitOutcome.Committed)
            {
                Log.ChangeCancelled(_context.Logger, pendingChangeId.Value, actor.Value, pending.OrganizationId.Value);
                ServiceContext.Succeeded("cancelled");
                return cancelled;
            }

            if (!await _context.RetryAfterConflictAsync(nameof(CancelAsync), pending.OrganizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return CancelChangeResult.FromRefusal(_context.GiveUp(nameof(CancelAsync), actor, pending.OrganizationId, attempt));
            }
        }
    }

    private async ValueTask<RequestChangeResult> RequestCoreAsync(
        UserId actor, OrganizationId organizationId, MembershipChangeCommand command, CancellationToken cancellationToken)
    {
        Guard.NotDefault(actor, nameof(actor));
        Guard.NotDefault(organizationId, nameof(organizationId));
        cancellationToken.ThrowIfCancellationRequested();

        using var activity = ServiceContext.Trace(RequestSpan, organizationId);
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _context.Store.LoadSnapshotAsync(organizationId, actor, command.Target, pendingChangeId: null, cancellationToken).ConfigureAwait(false);
            var decision = snapshot is null
                ? ChangeDecision.Refuse(new OrganizationNotFound(organizationId))
                : MembershipRules.DecideChange(snapshot, command);
            if (!decision.IsAccepted)
            {
                return RequestChangeResult.FromRefusal(_context.Refused(RequestOperation, actor, decision.Refusal!));
            }

            var pending = _context.NewPendingChange(snapshot!, actor, command.Kind, command.Target, decision.From, decision.To, members: null);
            if (await _context.TryRequestAsync(snapshot!, pending, command.Target.Value, cancellationToken).ConfigureAwait(false))
            {
                return pending;
            }

            if (!await _context.RetryAfterConflictAsync(RequestOperation, organizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return RequestChangeResult.FromRefusal(_context.GiveUp(RequestOperation, actor, organizationId, attempt));
            }
        }
    }

    private static AuditEntry AuditOf(PendingChange applied, UserId member, MembershipState before, MembershipState after, DateTimeOffset now) => new()
    {
        OrganizationId = applied.OrganizationId,
        At = now,
        Actor = applied.ClosedBy!.Value,
        RequestedBy = applied.RequestedBy,
        Action = applied.Kind switch
        {
            ChangeKind.Deactivate => AuditAction.MemberDeactivated,
            ChangeKind.Reactivate => AuditAction.MemberReactivated,
            ChangeKind.ChangeSettings => AuditAction.SettingsChanged,
            _ => AuditAction.RoleChanged,
        },
        Target = member,
        Before = before,
        After = after,
        PendingChangeId = applied.Id,
    };

    private async ValueTask<Dictionary<UserId, Membership>> ReadMembersAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> members, CancellationToken cancellationToken)
    {
        var found = await _context.Store.FindMembershipsAsync(organizationId, members, cancellationToken).ConfigureAwait(false);
        return found.ToDictionary(m => m.UserId);
    }
}
