namespace Vectice.Organization.Tests.Domain;

/// <summary>
/// The in-memory store keeps every closed pending change and audit entry, and a request + confirm
/// makes two of the first and one of the second: their sizes are the store's history per change and
/// most of the round trip's bytes. A field that brings back a nullable's padding fails here.
/// </summary>
public sealed class HistoryValueSizeTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Admin = new("admin");
    private static readonly UserId Target = new("target");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly MembershipState Member = new(OrgRole.Member, MembershipStatus.Active);
    private static readonly MembershipState Admins = new(OrgRole.Admin, MembershipStatus.Active);

    private static readonly PendingChange Pending = new()
    {
        Id = PendingChangeId.New(Org),
        OrganizationId = Org,
        Target = Target,
        Kind = ChangeKind.ChangeRole,
        From = Member,
        To = Admins,
        RequestedBy = Admin,
        RequestedAt = At,
        ExpiresAt = At.AddMinutes(15),
    };

    [Fact]
    public void A_closed_pending_change_takes_184_bytes()
    {
        Assert.Equal(184, BytesOf(() => Pending with { Status = PendingChangeStatus.Applied, ClosedBy = Admin, ClosedAt = At }));
    }

    [Fact]
    public void A_role_changes_audit_entry_takes_160_bytes()
    {
        Assert.Equal(160, BytesOf(() => new AuditEntry
        {
            OrganizationId = Org,
            At = At,
            Actor = Admin,
            RequestedBy = Admin,
            Action = AuditAction.RoleChanged,
            Target = Target,
            Before = Member,
            After = Admins,
            PendingChangeId = Pending.Id,
        }));
    }

    private static long BytesOf(Func<object> make)
    {
        GC.KeepAlive(make());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var made = make();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(made);
        return bytes;
    }
}
