using Vectice.Organization.Stores;
using Vectice.Organization.Tests.TestSupport;
using static Vectice.Organization.Testing.OrganizationUnderTest;
using static Vectice.Organization.Tests.TestSupport.Acme;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// A list's filters refuse a value that is no role, status, action, user or instant when they are set,
/// naming the property, as a page's limit and cursor do; a list refuses an audit window that holds no
/// instant, naming the query. No store is asked to filter by one.
/// </summary>
public sealed class QueryFilterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_member_filter_refuses_an_undefined_role_or_status()
    {
        Assert.Equal("Role", Assert.Throws<ArgumentOutOfRangeException>(() => new MemberQuery { Role = (OrgRole)99 }).ParamName);
        Assert.Equal("Status", Assert.Throws<ArgumentOutOfRangeException>(() => new MemberQuery { Status = (MembershipStatus)99 }).ParamName);
        Assert.Equal("Role", Assert.Throws<ArgumentOutOfRangeException>(() => new MemberQuery() with { Role = default(OrgRole) }).ParamName);
        var query = new MemberQuery { Role = OrgRole.Admin, Status = MembershipStatus.Active };
        Assert.Equal((OrgRole.Admin, MembershipStatus.Active), (query.Role, query.Status));
        Assert.Null(new MemberQuery { Role = null }.Role);
    }

    [Fact]
    public void An_audit_filter_refuses_an_undefined_action_or_a_default_user()
    {
        Assert.Equal("Action", Assert.Throws<ArgumentOutOfRangeException>(() => new AuditQuery { Action = (AuditAction)99 }).ParamName);
        Assert.Equal("Target", Assert.Throws<ArgumentException>(() => new AuditQuery { Target = default(UserId) }).ParamName);
        Assert.Equal("Actor", Assert.Throws<ArgumentException>(() => new AuditQuery { Actor = default(UserId) }).ParamName);
        Assert.Equal(new UserId("ada"), new AuditQuery { Target = new UserId("ada") }.Target);
        Assert.Null(new AuditQuery { Actor = null }.Actor);
    }

    [Fact]
    public void An_audit_filter_refuses_a_default_instant_and_lets_a_with_expression_move_a_window_either_way()
    {
        Assert.Equal("Since", Assert.Throws<ArgumentException>(() => new AuditQuery { Since = default(DateTimeOffset) }).ParamName);
        Assert.Equal("Until", Assert.Throws<ArgumentException>(() => new AuditQuery { Until = DateTimeOffset.MinValue }).ParamName);
        var january = new AuditQuery { Since = Noon, Until = Noon.AddMonths(1) };
        var march = january with { Since = Noon.AddMonths(2), Until = Noon.AddMonths(3) };
        Assert.Equal((Noon.AddMonths(2), Noon.AddMonths(3)), (march.Since, march.Until));
        var back = march with { Until = Noon.AddMonths(1), Since = Noon };
        Assert.Equal((Noon, Noon.AddMonths(1)), (back.Since, back.Until));
        Assert.Null(new AuditQuery { Since = null, Until = null }.Since);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task The_audit_trail_refuses_a_window_that_holds_no_instant_naming_the_query(int untilAfterSinceTicks)
    {
        var org = await Acme.SeedAsync();
        var empty = new AuditQuery { Since = Noon, Until = Noon.AddTicks(untilAfterSinceTicks) };

        Assert.Equal("query", (await Assert.ThrowsAsync<ArgumentException>(async () => await org.Directory.ListAuditEntriesAsync(Ada, Id, empty))).ParamName);
        Assert.Equal("query", (await Assert.ThrowsAsync<ArgumentException>(async () => await org.Directory.StreamAsync(Ada, Id, empty))).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => Pages.ReadAllAsync(org.Store, Id, empty)).ParamName);

        // Instants, whatever their offsets: 13:00 at UTC+1 is noon UTC.
        var sameInstant = empty with { Until = new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.FromHours(1)) };
        Assert.Equal("query", (await Assert.ThrowsAsync<ArgumentException>(async () => await org.Directory.ListAuditEntriesAsync(Ada, Id, sameInstant))).ParamName);
        Assert.True((await org.Directory.ListAuditEntriesAsync(Ada, Id, empty with { Until = Noon.AddTicks(1) })).IsSuccess);
    }
}
