namespace Vectice.Organization.Tests.Domain;

public sealed class IdentifierTests
{
    private static readonly OrganizationId Org = new("acme");

    // By name: the test runner would carry a lone surrogate across as U+FFFD, a valid character.
    internal static readonly Dictionary<string, string?> Invalid = new()
    {
        ["null"] = null,
        ["empty"] = string.Empty,
        ["blank"] = "   ",
        ["leading space"] = " ada",
        ["trailing space"] = "ada ",
        ["NUL"] = "a\u0000b",
        ["newline"] = "a\nb",
        ["DEL"] = "a\u007Fb",
        ["129 characters"] = new string('x', 129),
        ["a lone high surrogate at the end"] = "bob\uD800",
        ["a high surrogate without its low half"] = "bob\uD800x",
        ["a lone low surrogate"] = "\uDC00bob",
        ["a surrogate pair in the wrong order"] = "b\uDE00\uD83Dob",
    };

    public static TheoryData<string> InvalidTexts => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidTexts))]
    public void OrganizationId_refuses_invalid_text_naming_the_parameter(string why)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new OrganizationId(Invalid[why]!));
        Assert.Equal("value", error.ParamName);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), why);
    }

    [Theory]
    [MemberData(nameof(InvalidTexts))]
    public void UserId_refuses_invalid_text_naming_the_parameter(string why)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new UserId(Invalid[why]!));
        Assert.Equal("value", error.ParamName);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), why);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("user-42")]
    [InlineData("auth0|5f1c2a")]
    [InlineData("Ünïcødé name")]
    [InlineData("emoji-\uD83D\uDE00")]
    public void Valid_identifiers_round_trip(string text)
    {
        Assert.Equal(text, new UserId(text).Value);
        Assert.Equal(text, new OrganizationId(text).ToString());
    }

    [Fact]
    public void The_longest_identifier_is_accepted()
    {
        var longest = new string('x', UserId.MaxLength);
        Assert.Equal(longest, new UserId(longest).Value);
        Assert.Equal(longest, new OrganizationId(longest).Value);
    }

    [Fact]
    public void Identifiers_compare_by_code_point_and_case_sensitively()
    {
        // By code point, as UTF-8 bytes sort: U+FF21 before U+1F600, which UTF-16 (a surrogate pair, D83D…) would put first.
        Assert.True(new UserId("\uFF21") < new UserId("\U0001F600"));
        Assert.True(new OrganizationId("\uFFFD") < new OrganizationId("\U0001F600"));
        Assert.True(new UserId("\uD7FF") < new UserId("\uE000"));
        Assert.True(new UserId("ab") < new UserId("abc"));
        Assert.NotEqual(new UserId("Ada"), new UserId("ada"));
        Assert.Equal(new UserId("ada"), new UserId("ada"));
        Assert.True(new UserId("B") < new UserId("a"));
        Assert.True(new OrganizationId("a") < new OrganizationId("b"));
    }

    [Fact]
    public void Default_identifiers_say_so_and_have_no_value()
    {
        Assert.True(default(UserId).IsDefault);
        Assert.True(default(OrganizationId).IsDefault);
        Assert.True(default(PendingChangeId).IsDefault);
        Assert.Throws<InvalidOperationException>(() => default(UserId).Value);
        Assert.False(new UserId("ada").IsDefault);
    }

    [Fact]
    public void PendingChangeId_refuses_the_empty_guid()
    {
        var error = Assert.Throws<ArgumentException>(() => new PendingChangeId(Org, Guid.Empty));
        Assert.Equal("value", error.ParamName);
        Assert.Equal("organizationId", Assert.Throws<ArgumentException>(() => new PendingChangeId(default, Guid.NewGuid())).ParamName);
    }

    [Fact]
    public void PendingChangeId_parses_its_own_text_and_nothing_else()
    {
        var id = PendingChangeId.New(Org);
        Assert.Equal(id.Value.ToString(), id.ToString());
        Assert.True(PendingChangeId.TryParse(Org, id.ToString(), out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(PendingChangeId.TryParse(new OrganizationId("other"), id.ToString(), out var elsewhere));
        Assert.NotEqual(id, elsewhere);
        Assert.False(PendingChangeId.TryParse(default, id.ToString(), out _));
        Assert.False(PendingChangeId.TryParse(Org, Guid.Empty.ToString(), out _));
        Assert.False(PendingChangeId.TryParse(Org, "not-a-guid", out _));
        Assert.False(PendingChangeId.TryParse(Org, null, out _));
    }

    [Fact]
    public void New_pending_change_ids_are_random_version_4_guids()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => PendingChangeId.New(Org)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(4, id.Value.Version));
    }

    [Fact]
    public void PendingChangeIds_order_as_their_text_does()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => PendingChangeId.New(Org)).ToList();
        var byComparison = ids.Order().Select(id => id.ToString()).ToList();
        var byText = ids.Select(id => id.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(byText, byComparison);
    }
}
