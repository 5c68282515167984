using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.Services;

/// <summary>
/// A list's filters refuse a value that is no role, status, action or user when they are set, naming the
/// property, as a page's limit and cursor do; no store is asked to filter by one.
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
}
