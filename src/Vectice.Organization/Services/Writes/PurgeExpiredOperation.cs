using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>Deletes expired pending changes, with one audit entry that says how many.</summary>
internal readonly struct PurgeExpiredOperation(UserId actor, OrganizationId organizationId, int limit) : IWriteOperation<PurgeResult>
{
    public string Name => OperationNames.PurgeExpiredChanges;

    public OrganizationId OrganizationId => organizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<PurgeResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        // The version is read first, so that a change between the two reads makes the commit conflict.
        var snapshot = await context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
        if ((snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.RequireActiveAdmin(snapshot)) is { } refusal)
        {
            return WritePlan<PurgeResult>.Refused(refusal);
        }

        var now = context.Now();
        var expired = await context.Store.ListExpiredPendingChangesAsync(organizationId, now, limit, cancellationToken).ConfigureAwait(false);
        if (expired.Count == 0)
        {
            return WritePlan<PurgeResult>.Unchanged(0);
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
        return WritePlan<PurgeResult>.Write(commit, expired.Count);
    }

    public PurgeResult Refuse(Refusal refusal) => PurgeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.PendingChangesPurged(context.Logger, commit.RemovedPendingChanges.Count, organizationId.Value, actor.Value);
        ServiceContext.Succeeded("purged");
    }
}
