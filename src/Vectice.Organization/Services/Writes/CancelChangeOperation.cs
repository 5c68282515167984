using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>Withdraws a pending change.</summary>
internal readonly struct CancelChangeOperation(UserId actor, PendingChangeId pendingChangeId) : IWriteOperation<CancelChangeResult>
{
    public string Name => OperationNames.CancelChange;

    public OrganizationId OrganizationId => pendingChangeId.OrganizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<CancelChangeResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken).ConfigureAwait(false);
        if (MembershipRules.DecideCancellation(snapshot, pendingChangeId) is { } refusal)
        {
            return WritePlan<CancelChangeResult>.Refused(refusal);
        }

        var cancelled = snapshot!.PendingChange! with { Status = PendingChangeStatus.Cancelled, ClosedBy = actor, ClosedAt = context.Now() };
        return WritePlan<CancelChangeResult>.Write(new OrganizationCommit { Organization = snapshot.Organization.NextVersion(), UpdatedPendingChange = cancelled }, cancelled);
    }

    public CancelChangeResult Refuse(Refusal refusal) => CancelChangeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.ChangeCancelled(context.Logger, pendingChangeId.Value, actor.Value, OrganizationId.Value);
        ServiceContext.Succeeded("cancelled");
    }
}
