using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vectice.Organization.Internal;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// What every service holds and does the same way: the store, the clock, validated options,
/// observers; the logging and counting of refusals, of lost races and of bounded retries (reload,
/// decide again, up to <see cref="VecticeOrganizationOptions.MaxAttempts"/>); and notifying
/// observers after a commit.
/// </summary>
internal sealed class ServiceContext
{
    private readonly IMembershipChangeObserver[] _observers;
    private readonly OrganizationAccess[] _caches;

    public ServiceContext(
        IOrganizationStore store, IOptions<VecticeOrganizationOptions> options, TimeProvider? time, ILogger logger, IEnumerable<IMembershipChangeObserver>? observers = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        Options = OptionsValidation.Validated(options);
        Time = time ?? TimeProvider.System;
        Logger = logger;

        // The access checks' caches are dropped apart from the observers, before anything else a commit
        // does (see DropCaches); the host's observers keep their order.
        var all = observers?.ToArray() ?? [];
        _caches = [.. all.OfType<OrganizationAccess>()];
        _observers = [.. all.Where(o => o is not OrganizationAccess)];
    }

    public IOrganizationStore Store { get; }

    public VecticeOrganizationOptions Options { get; }

    private TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>
    /// The current UTC time, to the microsecond: the finest that every supported database keeps,
    /// so that what a store reads back equals what was written.
    /// </summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow().ToUniversalTime();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    /// <summary>A new pending change, requested now by <paramref name="actor"/> under the snapshot's four-eyes policy.</summary>
    public PendingChange NewPendingChange(
        OrganizationSnapshot snapshot, UserId actor, ChangeKind kind, UserId target, MembershipState from, MembershipState to, IReadOnlyList<MemberTransition>? members = null)
    {
        var now = Now();
        return new PendingChange
        {
            Id = PendingChangeId.New(snapshot.Organization.Id),
            OrganizationId = snapshot.Organization.Id,
            Target = target,
            Kind = kind,
            From = from,
            To = to,
            Members = members,
            FourEyesAtRequest = snapshot.Organization.Settings.FourEyes,
            RequestedBy = actor,
            RequestedAt = now,
            ExpiresAt = now + Options.PendingChangeTimeToLive,
        };
    }

    /// <summary>
    /// The write pipeline, the one every write goes through: under the organization's write lock
    /// (<see cref="IOrganizationStore.WriteAsync{TState, TResult}"/>), the operation reads, decides and
    /// plans, and the plan is committed against the version read; then, the same for every write, the
    /// refusal or the commit is logged, counted and traced, and observers are told. A lost race (a store
    /// that does not queue writers, or data written around the lock) is decided again, up to
    /// <see cref="VecticeOrganizationOptions.MaxAttempts"/>.
    /// </summary>
    public async ValueTask<TResult> WriteAsync<TOperation, TResult>(TOperation operation, CancellationToken cancellationToken)
        where TOperation : struct, IWriteOperation<TResult>
    {
        // In the async body, so that a token cancelled before the call gives a cancelled task, not a throw.
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = Trace(operation.Name, operation.OrganizationId);
        for (var attempt = 1; ; attempt++)
        {
            WritePlan<TResult> plan;
            try
            {
                plan = await Store.WriteAsync(
                    operation.OrganizationId,
                    (Context: this, Operation: operation),
                    static (state, cancellationToken) => state.Context.Attempt<TOperation, TResult>(state.Operation, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // A write that throws may have committed all the same (a connection lost after COMMIT).
                DropCaches(operation.OrganizationId);
                throw;
            }
            if (plan.Refusal is { } refusal)
            {
                return operation.Refuse(Refused(operation.Name, operation.Actor, refusal));
            }

            if (plan.Commit is not { } commit)
            {
                return plan.Result;
            }

            if (plan.Outcome == CommitOutcome.Committed)
            {
                DropCaches(operation.OrganizationId);
                operation.Committed(this, commit);
                Telemetry.Commits.Add(1, new KeyValuePair<string, object?>(Telemetry.OperationTag, operation.Name));
                await NotifyAsync(commit.AuditEntries, cancellationToken).ConfigureAwait(false);
                return plan.Result;
            }

            if (operation.RefusalOnConflict is { } final)
            {
                return operation.Refuse(Refused(operation.Name, operation.Actor, final));
            }

            if (!await RetryAfterConflictAsync(operation.Name, operation.OrganizationId, attempt, cancellationToken).ConfigureAwait(false))
            {
                return operation.Refuse(GiveUp(operation.Name, operation.Actor, operation.OrganizationId, attempt));
            }
        }
    }

    /// <summary>
    /// Drops what this process's access checks cached for the organization, first thing after a commit
    /// and when a write throws (it may have committed): before the operation's log, counters and
    /// observers, any of which may throw or take time, so that no check goes on granting what the write
    /// revoked.
    /// </summary>
    private void DropCaches(OrganizationId organizationId)
    {
        foreach (var cache in _caches)
        {
            cache.Invalidate(organizationId);
        }
    }

    /// <summary>A plan that stores a new pending change against the snapshot's version.</summary>
    public static WritePlan<TResult> Request<TResult>(OrganizationSnapshot snapshot, PendingChange pending, TResult result) =>
        WritePlan<TResult>.Write(new OrganizationCommit { Organization = snapshot.Organization.NextVersion(), AddedPendingChange = pending }, result);

    /// <summary>The memberships of several users, by user; those who are not members are left out.</summary>
    public async ValueTask<Dictionary<UserId, Membership>> ReadMembersAsync(OrganizationId organizationId, IReadOnlyCollection<UserId> members, CancellationToken cancellationToken)
    {
        var found = await Store.FindMembershipsAsync(organizationId, members, cancellationToken).ConfigureAwait(false);
        return found.ToDictionary(m => m.UserId);
    }

    /// <summary>The audit entry of a membership created now.</summary>
    public AuditEntry AuditOfCreated(AuditAction action, UserId actor, Membership created) => new()
    {
        OrganizationId = created.OrganizationId,
        At = Now(),
        Actor = actor,
        Action = action,
        Target = created.UserId,
        After = created.State,
    };

    /// <summary>Counts a stored request under its operation and tags its span; the operation logs it, in the event that fits what it asks.</summary>
    public static void Requested(string operation)
    {
        Telemetry.Requests.Add(1, new KeyValuePair<string, object?>(Telemetry.OperationTag, operation));
        Succeeded("requested");
    }

    /// <summary>
    /// Plans, and commits the plan. When the store answers at once (the in-memory store), no async state
    /// machine is made: one per layer, each copying the plan, made the in-memory round trip slower
    /// (benchmarks/results/in-memory-round-trip.md).
    /// </summary>
    private ValueTask<WritePlan<TResult>> Attempt<TOperation, TResult>(TOperation operation, CancellationToken cancellationToken)
        where TOperation : struct, IWriteOperation<TResult>
    {
        try
        {
            var planning = operation.PlanAsync(this, cancellationToken);
            if (!planning.IsCompletedSuccessfully)
            {
                return CommitWhenPlannedAsync(planning, cancellationToken);
            }

            var plan = planning.Result;
            if (plan.Commit is not { } commit)
            {
                return new(plan);
            }

            var committing = Store.CommitAsync(commit, cancellationToken);
            return committing.IsCompletedSuccessfully ? new(plan.With(committing.Result)) : WithOutcomeAsync(plan, committing);
        }
#pragma warning disable CA1031 // Whatever planning or committing throws, the store's write gets it from the task, as from an async method.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return FailedTask.Of<WritePlan<TResult>>(e);
        }
    }

    private async ValueTask<WritePlan<TResult>> CommitWhenPlannedAsync<TResult>(ValueTask<WritePlan<TResult>> planning, CancellationToken cancellationToken)
    {
        var plan = await planning.ConfigureAwait(false);
        return plan.Commit is { } commit ? plan.With(await Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false)) : plan;
    }

    private static async ValueTask<WritePlan<TResult>> WithOutcomeAsync<TResult>(WritePlan<TResult> plan, ValueTask<CommitOutcome> committing) =>
        plan.With(await committing.ConfigureAwait(false));

    public Refusal Refused(string operation, UserId actor, Refusal refusal)
    {
        Log.OperationRefused(Logger, operation, actor.Value, refusal.Code);
        Telemetry.Refusals.Add(1, new(Telemetry.OperationTag, operation), new(Telemetry.RefusalTag, refusal.Code.ToString()));
        OwnSpan?.SetTag(Telemetry.OutcomeTag, "refused").SetTag(Telemetry.RefusalTag, refusal.Code.ToString());
        return refusal;
    }

    /// <summary>Tags the operation's span with a successful outcome.</summary>
    public static void Succeeded(string outcome) => OwnSpan?.SetTag(Telemetry.OutcomeTag, outcome);

    /// <summary>
    /// The operation's span: the current one if it is the SDK's. When nobody listens to the SDK's source
    /// there is none, and the current span is the host's, which the SDK's tags have no business on.
    /// </summary>
    private static Activity? OwnSpan => Activity.Current is { } current && current.Source == Telemetry.Source ? current : null;

    /// <summary>
    /// Starts the span of one operation, one of <see cref="OperationNames"/> (when anyone listens): named
    /// after it, tagged with it and with its organization.
    /// </summary>
    public static Activity? Trace(string operation, OrganizationId organizationId) =>
        Telemetry.Source.HasListeners()
            ? Telemetry.Source.StartActivity(OperationNames.SpanName(operation))?.SetTag(Telemetry.OperationTag, operation).SetTag(Telemetry.OrganizationTag, organizationId.Value)
            : null;

    /// <summary>
    /// Tells the observers of what was committed. An observer that throws is logged and skipped:
    /// a notification never undoes or fails the change it reports.
    /// </summary>
    private async ValueTask NotifyAsync(IReadOnlyList<AuditEntry> committed, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers)
        {
            foreach (var entry in committed)
            {
                try
                {
                    await observer.OnCommittedAsync(entry, cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // An observer's failure, whatever it is, must not reach the caller of a committed change.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.ObserverFailed(Logger, observer.GetType().Name, entry.Action, entry.OrganizationId.Value, e);
                }
            }
        }
    }

    /// <summary>
    /// Logs the lost race and says whether another attempt may follow. The first retry is at once;
    /// later ones wait a random 0 to 2^(attempt - 1) ms (at most 32), so that writers who keep
    /// colliding on one organization spread out instead of colliding again in lockstep.
    /// </summary>
    public async ValueTask<bool> RetryAfterConflictAsync(string operation, OrganizationId organizationId, int attempt, CancellationToken cancellationToken)
    {
        Telemetry.Conflicts.Add(1, new KeyValuePair<string, object?>(Telemetry.OperationTag, operation));
        if (attempt >= Options.MaxAttempts)
        {
            return false;
        }

        Log.ConflictRetried(Logger, operation, organizationId.Value, attempt, Options.MaxAttempts);
        Telemetry.Retries.Add(1, new KeyValuePair<string, object?>(Telemetry.OperationTag, operation));
        if (attempt > 1)
        {
            // Real time, not the TimeProvider's: spacing out writers is not business time.
            var backoff = Random.Shared.Next(0, 1 << Math.Min(attempt - 1, 5));
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public Refusal GiveUp(string operation, UserId actor, OrganizationId organizationId, int attempts) =>
        Refused(operation, actor, new ConcurrencyConflict(organizationId, attempts));
}
