using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>Adds a user to the organization, audited.</summary>
internal readonly struct AddMemberOperation(UserId actor, OrganizationId organizationId, User user, OrgRole role) : IWriteOperation<AddMemberResult>
{
    public string Name => OperationNames.AddMember;

    public OrganizationId OrganizationId => organizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<AddMemberResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadSnapshotAsync(organizationId, actor, user.Id, pendingChangeId: null, cancellationToken).ConfigureAwait(false);
        var refusal = snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.DecideAddMember(snapshot, user.Id, role);
        if (refusal is not null)
        {
            return WritePlan<AddMemberResult>.Refused(refusal);
        }

        var membership = new Membership(organizationId, user, role, MembershipStatus.Active);
        var commit = new OrganizationCommit
        {
            Organization = snapshot!.Organization.NextVersion(),
            AddedMemberships = [membership],
            AuditEntries = [context.AuditOfCreated(AuditAction.MemberAdded, actor, membership)],
        };
        return WritePlan<AddMemberResult>.Write(commit, membership);
    }

    public AddMemberResult Refuse(Refusal refusal) => AddMemberResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.MemberAdded(context.Logger, user.Id.Value, organizationId.Value, role, actor.Value);
        ServiceContext.Succeeded("added");
    }
}
