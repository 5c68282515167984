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
        if (MembershipRules.DecideBulkChange(snapshot, members, found, newRole) is { } refusal)
        {
            return WritePlan<RequestChangeResult>.Refused(refusal);
        }

        var transitions = Array.ConvertAll(members, m => new MemberTransition(m, found[m].State));
        var to = new MembershipState(newRole, MembershipStatus.Active);
        var pending = context.NewPendingChange(snapshot, actor, ChangeKind.BulkChangeRole, transitions[0].Member, transitions[0].From, to, transitions);
        return ServiceContext.Request<RequestChangeResult>(snapshot, pending, pending);
    }

    public RequestChangeResult Refuse(Refusal refusal) => RequestChangeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.BulkChangeRequested(context.Logger, commit.AddedPendingChange!.Id.Value, actor.Value, organizationId.Value, members.Length, newRole);
        ServiceContext.Requested(Name);
    }
}
