using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>Creates an organization with its founding Admins, audited; a lost race means it exists.</summary>
internal readonly struct CreateOrganizationOperation(OrganizationInfo organization, UserId founder, User[] admins) : IWriteOperation<CreateOrganizationResult>
{
    public string Name => OperationNames.CreateOrganization;

    public OrganizationId OrganizationId => organization.Id;

    public UserId Actor => founder;

    public Refusal? RefusalOnConflict => new OrganizationAlreadyExists(organization.Id);

    public ValueTask<WritePlan<CreateOrganizationResult>> PlanAsync(ServiceContext context, CancellationToken cancellationToken)
    {
        if (MembershipRules.DecideCreation(organization.Id, admins.Length, organization.Settings) is { } refusal)
        {
            return new(WritePlan<CreateOrganizationResult>.Refused(refusal));
        }

        var (id, actor, settings) = (organization.Id, founder, organization.Settings);
        var memberships = Array.ConvertAll(admins, f => new Membership(id, f, OrgRole.Admin, MembershipStatus.Active));
        var commit = new OrganizationCommit
        {
            Organization = organization,
            AddedMemberships = memberships,
            AuditEntries = Array.ConvertAll(memberships, m => context.AuditOfCreated(AuditAction.OrganizationCreated, actor, m) with { SettingsAfter = settings }),
        };
        return new(WritePlan<CreateOrganizationResult>.Write(commit, organization));
    }

    public CreateOrganizationResult Refuse(Refusal refusal) => CreateOrganizationResult.FromRefusal(refusal);

    public void Committed(ServiceContext context, OrganizationCommit commit)
    {
        Log.OrganizationCreated(context.Logger, organization.Id.Value, founder.Value);
        ServiceContext.Succeeded("created");
    }
}
