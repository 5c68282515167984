namespace Vectice.Organization.Tests.Domain;

/// <summary>
/// A pending change keeps its own read-only copy of a bulk change's members: neither the list its
/// creator passed nor anyone holding the change can alter what a confirm will apply.
/// </summary>
public sealed class PendingChangeMembersTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Grace = new("grace");
    private static readonly UserId Linus = new("linus");
    private static readonly MembershipState Member = new(OrgRole.Member, MembershipStatus.Active);
    private static readonly MembershipState Admin = new(OrgRole.Admin, MembershipStatus.Active);
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_members_given_are_copied_and_cannot_be_changed_through_the_change()
    {
        MemberTransition[] given = [new(Grace, Member)];
        var change = new PendingChange
        {
            Id = PendingChangeId.New(Org),
            OrganizationId = Org,
            Target = Grace,
            Kind = ChangeKind.BulkChangeRole,
            From = Member,
            To = Admin,
            Members = given,
            RequestedBy = Ada,
            RequestedAt = At,
            ExpiresAt = At.AddMinutes(15),
        };

        given[0] = new MemberTransition(Linus, Member);

        Assert.Equal([new MemberTransition(Grace, Member)], change.Members);
        Assert.IsNotType<MemberTransition[]>(change.Members);
        Assert.Throws<NotSupportedException>(() => ((IList<MemberTransition>)change.Members!)[0] = new MemberTransition(Linus, Member));
        Assert.Same(change.Members, (change with { Status = PendingChangeStatus.Applied }).Members);
        Assert.Null((change with { Members = null }).Members);
    }
}
