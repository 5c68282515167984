using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>A settings change four-eyes guards: stores it as a pending change for another Admin to confirm.</summary>
internal readonly struct RequestSettingsChangeOperation(UserId actor, OrganizationId organizationId, OrganizationSettings settings) : IWriteOperation<RequestSettingsChangeResult>
{
    public string Name => OperationNames.RequestSettingsChange;

    public OrganizationId OrganizationId => organizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<RequestSettingsChangeResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
        var refusal = snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.DecideSettingsRequest(snapshot, settings);
        if (refusal is not null)
        {
            return WritePlan<RequestSettingsChangeResult>.Refused(refusal);
        }

        var requester = snapshot!.Actor!.State;
        var pending = context.NewPendingChange(snapshot, actor, ChangeKind.ChangeSettings, actor, requester, requester) with
        {
            SettingsBefore = snapshot.Organization.Settings,
            SettingsAfter = settings,
        };
        return ServiceContext.Request<RequestSettingsChangeResult>(snapshot, pending, pending);
    }

    public RequestSettingsChangeResult Refuse(Refusal refusal) => RequestSettingsChangeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.SettingsChangeRequested(
            context.Logger, commit.AddedPendingChange!.Id.Value, actor.Value, organizationId.Value, settings.MembersCanCreateWorkspaces, settings.MembersCanInviteColleagues, settings.FourEyes);
        ServiceContext.Requested(Name);
    }
}
