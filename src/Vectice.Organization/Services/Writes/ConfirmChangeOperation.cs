using System.Diagnostics;
using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>The Confirm button: re-checks every rule and applies the change, closes it and audits it, in one commit.</summary>
internal readonly struct ConfirmChangeOperation(UserId actor, PendingChangeId pendingChangeId) : IWriteOperation<ConfirmChangeResult>
{
    public string Name => OperationNames.ConfirmChange;

    public OrganizationId OrganizationId => pendingChangeId.OrganizationId;

    public UserId Actor => actor;

    public Refusal? RefusalOnConflict => null;

    public async ValueTask<WritePlan<ConfirmChangeResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.Store.LoadPendingChangeSnapshotAsync(pendingChangeId, actor, cancellationToken).ConfigureAwait(false);

        // A bulk change's members are read after the snapshot's version: anything newer makes the commit conflict.
        var bulk = snapshot?.PendingChange is { Kind: ChangeKind.BulkChangeRole, Members: { } transitions }
            ? await context.ReadMembersAsync(OrganizationId, [.. transitions.Select(t => t.Member)], cancellationToken).ConfigureAwait(false)
            : null;
        var now = context.Now();
        ConfirmationPlan plan;
        try
        {
            plan = MembershipRules.DecideConfirmation(snapshot, pendingChangeId, actor, now, bulk);
        }
        catch (ArgumentException e) when (e.ParamName == nameof(snapshot))
        {
            // The caller's arguments were sound: the store's data is not, which is broken infrastructure, not bad input.
            throw new InvalidOperationException($"The store read pending change {pendingChangeId} malformed; nothing was written.", e);
        }

        if (!plan.IsAccepted)
        {
            return WritePlan<ConfirmChangeResult>.Refused(plan.Refusal!);
        }

        var applied = plan.Change! with { Status = PendingChangeStatus.Applied, ClosedBy = actor, ClosedAt = now };
        var (commit, membership) = Commit(plan, applied, now);
        return WritePlan<ConfirmChangeResult>.Write(commit, new AppliedChange(applied, membership));
    }

    public ConfirmChangeResult Refuse(Refusal refusal) => ConfirmChangeResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        // By kind, as the rules chose the write.
        var applied = commit.UpdatedPendingChange!;
        switch (applied.Kind)
        {
            case ChangeKind.BulkChangeRole:
                Log.BulkChangeConfirmed(context.Logger, applied.Id.Value, actor.Value, applied.OrganizationId.Value, applied.Members!.Count, applied.To.Role);
                break;
            case ChangeKind.ChangeSettings:
                var settings = applied.SettingsAfter!.Value;
                Log.SettingsChangeConfirmed(
                    context.Logger, applied.Id.Value, actor.Value, applied.OrganizationId.Value, settings.MembersCanCreateWorkspaces, settings.MembersCanInviteColleagues, settings.FourEyes);
                break;
            default:
                Log.ChangeConfirmed(context.Logger, applied.Id.Value, actor.Value, applied.OrganizationId.Value, applied.Target.Value, applied.From, applied.To);
                break;
        }

        Telemetry.Confirms.Add(1);
        ServiceContext.Succeeded("applied");
    }

    /// <summary>The commit of the rules' plan: the members moved (none for settings), the change closed, one audit entry per member or for the settings.</summary>
    private static (OrganizationCommit Commit, Membership Membership) Commit(ConfirmationPlan plan, PendingChange applied, DateTimeOffset now)
    {
        var organization = plan.Organization!.NextVersion();
        var target = plan.Target!;
        switch (plan.Write)
        {
            case ConfirmationWrite.Settings:
                var entry = AuditOf(applied, target.UserId, target.State, target.State, now) with { SettingsBefore = applied.SettingsBefore, SettingsAfter = applied.SettingsAfter };
                return (new OrganizationCommit { Organization = organization with { Settings = applied.SettingsAfter!.Value }, UpdatedPendingChange = applied, AuditEntries = [entry] }, target);
            case ConfirmationWrite.Members:
                var (memberships, audit) = Bulk(applied, plan.Members!, now);
                return (new OrganizationCommit { Organization = organization, UpdatedMemberships = memberships, UpdatedPendingChange = applied, AuditEntries = audit }, memberships[0]);
            case ConfirmationWrite.Member:
                // A one-element list is smaller than a one-element array; the bulk case's lambdas stay apart, so
                // that their closure is not allocated on every confirm.
                var membership = target.WithState(applied.To);
                var single = new OrganizationCommit
                {
                    Organization = organization,
                    UpdatedMemberships = [membership],
                    UpdatedPendingChange = applied,
                    AuditEntries = [AuditOf(applied, applied.Target, applied.From, applied.To, now)],
                };
                return (single, membership);
            default:
                throw new UnreachableException("An accepted plan names its write.");
        }
    }

    // Arrays: a bulk change's length is known, and an IReadOnlyList<T> spread would grow a list instead.
    private static (Membership[] Memberships, AuditEntry[] Audit) Bulk(PendingChange applied, IReadOnlyDictionary<UserId, Membership> bulk, DateTimeOffset now) =>
        ([.. applied.Members!.Select(t => bulk[t.Member].WithState(applied.To))], [.. applied.Members!.Select(t => AuditOf(applied, t.Member, t.From, applied.To, now))]);

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
}
