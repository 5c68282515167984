namespace Vectice.Organization.Tests.Domain;

/// <summary>
/// Reading ids from text a host does not control (route values, form fields): the same rules as the
/// constructors, without an exception to catch, and through the BCL's parsing interfaces, which
/// ASP.NET Core's binding uses.
/// </summary>
public sealed class IdentifierParsingTests
{
    public static TheoryData<string> InvalidTexts => IdentifierTests.InvalidTexts;

    [Theory]
    [MemberData(nameof(InvalidTexts))]
    public void TryParse_refuses_what_the_constructors_refuse_without_throwing(string why)
    {
        var text = IdentifierTests.Invalid[why];

        Assert.False(UserId.TryParse(text, out var user), why);
        Assert.False(OrganizationId.TryParse(text, out var organization), why);
        Assert.True(user.IsDefault);
        Assert.True(organization.IsDefault);
        Assert.False(UserId.TryParse(text.AsSpan(), null, out user), why);
        Assert.False(OrganizationId.TryParse(text.AsSpan(), null, out organization), why);
        Assert.True(user.IsDefault && organization.IsDefault);
    }

    [Theory]
    [MemberData(nameof(InvalidTexts))]
    public void Parse_refuses_with_a_format_exception_giving_the_constructors_reason(string why)
    {
        var text = IdentifierTests.Invalid[why];
        if (text is null)
        {
            Assert.Throws<ArgumentNullException>(() => UserId.Parse(text!, null));
            Assert.Throws<ArgumentNullException>(() => OrganizationId.Parse(text!, null));
            return;
        }

        var reason = Assert.ThrowsAny<ArgumentException>(() => new UserId(text)).Message.Split(" (Parameter", 2)[0];
        var error = Assert.Throws<FormatException>(() => UserId.Parse(text, null));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(UserId), error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Throws<FormatException>(() => OrganizationId.Parse(text.AsSpan(), null)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("auth0|5f1c2a")]
    [InlineData("Ünïcødé name")]
    [InlineData("emoji-\uD83D\uDE00")]
    public void Valid_text_parses_to_the_identifier_the_constructor_makes(string text)
    {
        Assert.True(UserId.TryParse(text, out var user));
        Assert.Equal(new UserId(text), user);
        Assert.True(OrganizationId.TryParse(text.AsSpan(), null, out var organization));
        Assert.Equal(new OrganizationId(text), organization);
        Assert.Equal(new UserId(text), ParseAs<UserId>(text));
        Assert.Equal(new OrganizationId(text), ParseAs<OrganizationId>(text));
    }

    [Fact]
    public void The_longest_identifier_parses_and_one_more_character_does_not()
    {
        Assert.True(UserId.TryParse(new string('x', UserId.MaxLength), out _));
        Assert.False(UserId.TryParse(new string('x', UserId.MaxLength + 1), out _));
        Assert.True(OrganizationId.TryParse(new string('x', OrganizationId.MaxLength).AsSpan(), null, out _));
        Assert.False(OrganizationId.TryParse(new string('x', OrganizationId.MaxLength + 1).AsSpan(), null, out _));
    }

    // Through the interface, as generic code (and ASP.NET Core's binding) calls it.
    private static T ParseAs<T>(string text)
        where T : ISpanParsable<T> => T.TryParse(text, null, out var value) ? value : throw new FormatException(text);
}
