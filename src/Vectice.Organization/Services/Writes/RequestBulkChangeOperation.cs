using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>"Change role to" for many members at once: stores one pending change for them all.</summary>
internal readonly struct RequestBulkChangeOperation(UserId actor, OrganizationId organizationId, UserId[] members, OrgRole newRole) : IWriteOperation<RequestChangeResult>
{
    public string Name => OperationNames.RequestBulkRoleChange;

    public OrganizationId OrganizationId => organizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<RequestChangeResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return WritePlan<RequestChangeResult>.Refused(new OrganizationNotFound(organizationId));
        }

        var found = await context.ReadMembersAsync(organizationId, members, cancellationToken).ConfigureAwait(false);
        var decision = MembershipRules.DecideBulkChange(snapshot, members, found, newRole);
        if (!decision.IsAccepted)
        {
            return WritePlan<RequestChangeResult>.Refused(decision.Refusal!);
        }

        var pending = context.NewPendingChange(snapshot, actor, ChangeKind.BulkChangeRole, members[0], decision.From, decision.To, decision.Members);
        return ServiceContext.Request<RequestChangeResult>(snapshot, pending, pending);
    }

    public RequestChangeResult Refuse(Refusal refusal) => RequestChangeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.BulkChangeRequested(context.Logger, commit.AddedPendingChange!.Id.Value, actor.Value, organizationId.Value, members.Length, newRole);
        ServiceContext.Requested(Name);
    }
}
