using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>Sets the organization's settings at once, audited; settings equal to the current ones write nothing.</summary>
internal readonly struct ChangeSettingsOperation(UserId actor, OrganizationId organizationId, OrganizationSettings settings) : IWriteOperation<ChangeSettingsResult>
{
    public string Name => OperationNames.ChangeSettings;

    public OrganizationId OrganizationId => organizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<ChangeSettingsResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadSnapshotAsync(organizationId, actor, actor, null, cancellationToken).ConfigureAwait(false);
        var refusal = snapshot is null ? new OrganizationNotFound(organizationId) : MembershipRules.DecideSettingsChange(snapshot, settings);
        if (refusal is not null)
        {
            return WritePlan<ChangeSettingsResult>.Refused(refusal);
        }

        var current = snapshot!.Organization;
        if (current.Settings == settings)
        {
            return WritePlan<ChangeSettingsResult>.Unchanged(current);
        }

        var changed = current.NextVersion() with { Settings = settings };
        var admin = snapshot.Actor!.State;
        var commit = new OrganizationCommit
        {
            Organization = changed,
            AuditEntries =
            [
                new AuditEntry
                {
                    OrganizationId = organizationId,
                    At = context.Now(),
                    Actor = actor,
                    Action = AuditAction.SettingsChanged,
                    Target = actor,
                    Before = admin,
                    After = admin,
                    SettingsBefore = current.Settings,
                    SettingsAfter = settings,
                },
            ],
        };
        return WritePlan<ChangeSettingsResult>.Write(commit, changed);
    }

    public ChangeSettingsResult Refuse(Refusal refusal) => ChangeSettingsResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.SettingsChanged(context.Logger, organizationId.Value, actor.Value, settings.MembersCanCreateWorkspaces, settings.MembersCanInviteColleagues, settings.FourEyes);
        ServiceContext.Succeeded("changed");
    }
}
