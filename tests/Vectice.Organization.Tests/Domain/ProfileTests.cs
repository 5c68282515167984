namespace Vectice.Organization.Tests.Domain;

public sealed class ProfileTests
{
    private static readonly UserId Ada = new("ada");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ada")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("ada@@example.com")]
    [InlineData("a da@example.com")]
    [InlineData("ada@exa\tmple.com")]
    public void User_refuses_an_invalid_email_naming_it(string? email)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new User(Ada, email!, "Ada"));
        Assert.Equal("email", error.ParamName);
    }

    [Fact]
    public void User_refuses_ill_formed_utf16_in_its_email_and_display_name()
    {
        // Not theory data: the test runner would carry a lone surrogate across as U+FFFD.
        Assert.Equal("email", Assert.ThrowsAny<ArgumentException>(() => new User(Ada, "ada\uD800@example.com", "Ada")).ParamName);
        Assert.Equal("displayName", Assert.ThrowsAny<ArgumentException>(() => new User(Ada, "ada@example.com", "Ada \uDFFF")).ParamName);
    }

    [Fact]
    public void User_refuses_an_over_long_email()
    {
        var email = new string('a', User.MaxEmailLength - "@example.com".Length + 1) + "@example.com";
        var error = Assert.ThrowsAny<ArgumentException>(() => new User(Ada, email, "Ada"));
        Assert.Equal("email", error.ParamName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Ada\r\nAdmin: yes")]
    public void User_refuses_an_invalid_display_name_naming_it(string? name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new User(Ada, "ada@example.com", name!));
        Assert.Equal("displayName", error.ParamName);
    }

    [Fact]
    public void User_refuses_a_default_id()
    {
        var error = Assert.Throws<ArgumentException>(() => new User(default, "ada@example.com", "Ada"));
        Assert.Equal("id", error.ParamName);
    }

    [Fact]
    public void Organization_refuses_a_bad_name_and_a_version_below_one()
    {
        var id = new OrganizationId("acme");
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new OrganizationInfo(id, "", default, 1)).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new OrganizationInfo(id, new string('n', 201), default, 1)).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new OrganizationInfo(id, "Acme\uD800", default, 1)).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new OrganizationInfo(default, "Acme", default, 1)).ParamName);
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new OrganizationInfo(id, "Acme", default, 0));
    }

    [Fact]
    public void Membership_refuses_undefined_roles_and_statuses()
    {
        var user = new User(Ada, "ada@example.com", "Ada");
        var id = new OrganizationId("acme");
        Assert.Equal("role", Assert.Throws<ArgumentOutOfRangeException>(() => new Membership(id, user, default, MembershipStatus.Active)).ParamName);
        Assert.Equal("role", Assert.Throws<ArgumentOutOfRangeException>(() => new Membership(id, user, (OrgRole)42, MembershipStatus.Active)).ParamName);
        Assert.Equal("status", Assert.Throws<ArgumentOutOfRangeException>(() => new Membership(id, user, OrgRole.Admin, default)).ParamName);
        var membership = new Membership(id, user, OrgRole.Admin, MembershipStatus.Active);
        Assert.Throws<ArgumentOutOfRangeException>(() => membership with { Role = (OrgRole)0 });
    }

    [Fact]
    public void Membership_state_and_active_admin_follow_role_and_status()
    {
        var membership = new Membership(new OrganizationId("acme"), new User(Ada, "ada@example.com", "Ada"), OrgRole.Admin, MembershipStatus.Active);
        Assert.True(membership.IsActiveAdmin);
        var deactivated = membership.WithState(new MembershipState(OrgRole.Admin, MembershipStatus.Deactivated));
        Assert.False(deactivated.IsActiveAdmin);
        Assert.True(membership.IsActiveAdmin);
        Assert.Equal(new MembershipState(OrgRole.Admin, MembershipStatus.Deactivated), deactivated.State);
    }
}
