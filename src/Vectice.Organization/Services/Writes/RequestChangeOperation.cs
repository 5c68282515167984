using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>"Change role to", deactivate or reactivate one member: stores the pending change.</summary>
internal readonly struct RequestChangeOperation(UserId actor, OrganizationId organizationId, MembershipChangeCommand command) : IWriteOperation<RequestChangeResult>
{
    public string Name => command.Kind switch
    {
        ChangeKind.Deactivate => OperationNames.RequestDeactivation,
        ChangeKind.Reactivate => OperationNames.RequestReactivation,
        _ => OperationNames.RequestRoleChange,
    };

    public OrganizationId OrganizationId => organizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<RequestChangeResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadSnapshotAsync(organizationId, actor, command.Target, pendingChangeId: null, cancellationToken).ConfigureAwait(false);
        var decision = snapshot is null
            ? ChangeDecision.Refuse(new OrganizationNotFound(organizationId))
            : MembershipRules.DecideChange(snapshot, command);
        if (!decision.IsAccepted)
        {
            return WritePlan<RequestChangeResult>.Refused(decision.Refusal!);
        }

        var pending = context.NewPendingChange(snapshot!, actor, command.Kind, command.Target, decision.From, decision.To);
        return ServiceContext.Request<RequestChangeResult>(snapshot!, pending, pending);
    }

    public RequestChangeResult Refuse(Refusal refusal) => RequestChangeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        var pending = commit.AddedPendingChange!;
        Log.ChangeRequested(context.Logger, pending.Id.Value, actor.Value, organizationId.Value, command.Target.Value, pending.From, pending.To);
        ServiceContext.Requested(Name);
    }
}
