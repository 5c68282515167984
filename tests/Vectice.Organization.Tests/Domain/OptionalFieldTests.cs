namespace Vectice.Organization.Tests.Domain;

/// <summary>
/// <see cref="PendingChange"/> and <see cref="AuditEntry"/> keep their optional values in plain
/// fields, with the default standing for "none": each reads back exactly what was set,
/// <see langword="null"/> when nothing (or null) was, and a default given as a value is refused.
/// That is for their size: the in-memory store keeps every closed pending change and audit entry, and
/// a request + confirm makes two of the first and one of the second, so a field that brings back a
/// nullable's padding fails here.
/// </summary>
public sealed class OptionalFieldTests
{
    private static readonly OrganizationId Org = new("acme");
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Bob = new("bob");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(2));
    private static readonly MembershipState Member = new(OrgRole.Member, MembershipStatus.Active);
    private static readonly MembershipState Admin = new(OrgRole.Admin, MembershipStatus.Active);

    private static readonly PendingChange Pending = new()
    {
        Id = PendingChangeId.New(Org),
        OrganizationId = Org,
        Target = Bob,
        Kind = ChangeKind.ChangeRole,
        From = Member,
        To = Admin,
        RequestedBy = Ada,
        RequestedAt = At,
        ExpiresAt = At.AddMinutes(15),
    };

    private static readonly AuditEntry Created = new()
    {
        OrganizationId = Org,
        At = At,
        Actor = Ada,
        Action = AuditAction.MemberAdded,
        Target = Bob,
        After = Member,
    };

    [Fact]
    public void A_pending_change_is_closed_by_no_one_at_no_time_until_it_is_closed()
    {
        Assert.Null(Pending.ClosedBy);
        Assert.Null(Pending.ClosedAt);

        var closed = Pending with { Status = PendingChangeStatus.Applied, ClosedBy = Ada, ClosedAt = At };

        Assert.Equal(Ada, closed.ClosedBy);
        Assert.Equal(At, closed.ClosedAt);
        Assert.Equal(At.Offset, closed.ClosedAt!.Value.Offset);
        Assert.NotEqual(Pending, closed);
        Assert.Equal(closed, Pending with { Status = PendingChangeStatus.Applied, ClosedBy = Ada, ClosedAt = At });

        var reopened = closed with { Status = PendingChangeStatus.Pending, ClosedBy = null, ClosedAt = null };
        Assert.Null(reopened.ClosedBy);
        Assert.Null(reopened.ClosedAt);
        Assert.Equal(Pending, reopened);
    }

    [Fact]
    public void An_audit_entry_reads_back_each_optional_value_it_was_given_and_null_for_the_others()
    {
        Assert.Null(Created.RequestedBy);
        Assert.Null(Created.Before);
        Assert.Null(Created.PendingChangeId);
        Assert.Null(Created.PurgeCutoff);
        Assert.Null(Created.PurgedCount);

        var confirmed = Created with { Action = AuditAction.RoleChanged, RequestedBy = Bob, Before = Member, After = Admin, PendingChangeId = Pending.Id };
        Assert.Equal(Bob, confirmed.RequestedBy);
        Assert.Equal(Member, confirmed.Before);
        Assert.Equal(Pending.Id, confirmed.PendingChangeId);
        Assert.Null(confirmed.PurgeCutoff);

        var purged = Created with { Action = AuditAction.PendingChangesPurged, Before = Member, PurgedCount = 3, PurgeCutoff = At };
        Assert.Equal(3, purged.PurgedCount);
        Assert.Equal(0, (purged with { PurgedCount = 0 }).PurgedCount);
        Assert.Null((purged with { PurgedCount = null }).PurgedCount);
        Assert.Equal(At, purged.PurgeCutoff);
        Assert.Equal(At.Offset, purged.PurgeCutoff!.Value.Offset);

        var cleared = confirmed with { Action = AuditAction.MemberAdded, RequestedBy = null, Before = null, After = Member, PendingChangeId = null };
        Assert.Equal(Created, cleared);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_negative_purge_count_is_refused_naming_the_value(int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Created with { PurgedCount = count });
        Assert.Equal("value", error.ParamName);
        Assert.Equal(count, error.ActualValue);
    }

    [Fact]
    public void A_default_value_given_for_an_optional_one_is_refused_naming_the_value()
    {
        // Each would read back as none; null is how to say none.
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => Pending with { ClosedBy = default(UserId) }).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => Created with { RequestedBy = default(UserId) }).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => Created with { Before = default(MembershipState) }).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => Created with { PendingChangeId = default(PendingChangeId) }).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => Created with { PurgeCutoff = default(DateTimeOffset) }).ParamName);
    }

    [Fact]
    public void A_change_closed_at_the_earliest_time_reads_back_closed_at_it()
    {
        var closed = Pending with { Status = PendingChangeStatus.Cancelled, ClosedBy = Ada, ClosedAt = DateTimeOffset.MinValue };

        Assert.Equal(DateTimeOffset.MinValue, closed.ClosedAt);
        Assert.NotEqual(Pending, closed with { Status = PendingChangeStatus.Pending, ClosedBy = null });
    }

    [Fact]
    public void The_largest_purge_count_reads_back()
    {
        Assert.Equal(int.MaxValue, (Created with { PurgedCount = int.MaxValue }).PurgedCount);
    }

    [Fact]
    public void A_closed_pending_change_takes_184_bytes()
    {
        Assert.Equal(184, BytesOf(() => Pending with { Status = PendingChangeStatus.Applied, ClosedBy = Ada, ClosedAt = At }));
    }

    [Fact]
    public void A_role_changes_audit_entry_takes_160_bytes()
    {
        Assert.Equal(160, BytesOf(() => Created with { Action = AuditAction.RoleChanged, RequestedBy = Bob, Before = Member, After = Admin, PendingChangeId = Pending.Id }));
    }

    // The least of a few tries: anything else the runtime allocates on this thread can only add.
    private static long BytesOf(Func<object> make)
    {
        var least = long.MaxValue;
        for (var i = 0; i < 4; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var made = make();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            GC.KeepAlive(made);
        }

        return least;
    }
}
