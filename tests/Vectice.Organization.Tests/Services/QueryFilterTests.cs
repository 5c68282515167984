using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// A list's filters refuse a value that is no role, status, action, user or instant when they are set,
/// and a time window that ends before it starts, naming the property, as a page's limit and cursor do; no
/// store is asked to filter by one.
/// </summary>
public sealed class QueryFilterTests
{
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
    public void An_audit_filter_refuses_a_default_instant_or_a_window_that_ends_before_it_starts()
    {
        var noon = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("Since", Assert.Throws<ArgumentException>(() => new AuditQuery { Since = default(DateTimeOffset) }).ParamName);
        Assert.Equal("Until", Assert.Throws<ArgumentException>(() => new AuditQuery { Until = default(DateTimeOffset) }).ParamName);
        Assert.Equal("Until", Assert.Throws<ArgumentException>(() => new AuditQuery { Since = noon, Until = noon.AddTicks(-1) }).ParamName);
        Assert.Equal("Since", Assert.Throws<ArgumentException>(() => new AuditQuery { Until = noon, Since = noon.AddTicks(1) }).ParamName);
        Assert.Equal("Since", Assert.Throws<ArgumentException>(() => new AuditQuery { Until = noon } with { Since = noon.AddHours(1) }).ParamName);

        // Instants, whatever their offsets: 12:59 at UTC+1 is before noon UTC.
        Assert.Equal("Until", Assert.Throws<ArgumentException>(() => new AuditQuery { Since = noon, Until = new DateTimeOffset(2026, 12, 1, 12, 59, 0, TimeSpan.FromHours(1)) }).ParamName);
        var window = new AuditQuery { Since = noon, Until = new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.FromHours(1)) };
        Assert.Equal(noon, window.Since);
        Assert.Equal(noon, window.Until);
        Assert.Null(new AuditQuery { Since = null, Until = null }.Since);
    }
}
