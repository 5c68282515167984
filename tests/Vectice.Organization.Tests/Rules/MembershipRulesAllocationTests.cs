namespace Vectice.Organization.Tests.Rules;

/// <summary>
/// The two decisions every request and confirm make allocate nothing when they accept. Counted in
/// bytes, not timed: the count is exact whatever else the machine does.
/// </summary>
public sealed class MembershipRulesAllocationTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly Membership Admin = new(Org, new User(new UserId("ada"), "ada@example.com", "Ada"), OrgRole.Admin, MembershipStatus.Active);
    private static readonly Membership Member = new(Org, new User(new UserId("grace"), "grace@example.com", "Grace"), OrgRole.Member, MembershipStatus.Active);
    private static readonly OrganizationInfo Organization = new(Org, "Acme", default, version: 3);

    [Fact]
    public void Deciding_a_request_allocates_nothing()
    {
        var snapshot = new OrganizationSnapshot(Organization, Admin, Admin, ActiveAdminCount: 2);
        var command = MembershipChangeCommand.ChangeRole(Admin.UserId, OrgRole.Member);
        Assert.True(MembershipRules.DecideChange(snapshot, command).IsAccepted);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            accepted += MembershipRules.DecideChange(snapshot, command).IsAccepted ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1_000, accepted);
    }

    [Fact]
    public void Deciding_a_confirmation_allocates_nothing()
    {
        var at = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        var pending = new PendingChange
        {
            Id = PendingChangeId.New(Org),
            OrganizationId = Org,
            Target = Member.UserId,
            Kind = ChangeKind.ChangeRole,
            From = Member.State,
            To = new MembershipState(OrgRole.Admin, MembershipStatus.Active),
            RequestedBy = Admin.UserId,
            RequestedAt = at,
            ExpiresAt = at.AddMinutes(15),
        };
        var snapshot = new OrganizationSnapshot(Organization, Admin, Member, ActiveAdminCount: 1, pending);
        Assert.True(MembershipRules.DecideConfirmation(snapshot, pending.Id, Admin.UserId, at).IsAccepted);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            accepted += MembershipRules.DecideConfirmation(snapshot, pending.Id, Admin.UserId, at).IsAccepted ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1_000, accepted);
    }
}
