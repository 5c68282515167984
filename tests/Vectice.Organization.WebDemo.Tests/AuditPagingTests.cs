using System.Net;
using System.Text.RegularExpressions;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>The audit page pages with the SDK's cursor in its address, and refuses one it did not write.</summary>
public sealed partial class AuditPagingTests
{
    [Fact]
    public async Task The_next_page_link_carries_the_cursor_and_the_pages_together_show_the_trail_once()
    {
        await using var app = new WebDemoFactory();
        foreach (var user in new[] { "grace", "katherine", "linus", "margaret" })
        {
            await app.DeactivateAsync(user);
        }

        for (var i = 0; i < 6; i++)
        {
            await app.DeactivateAsync("alan");
            await app.WithServiceAsync<RoleChangeService, bool>(async roleChanges =>
            {
                var ada = new UserId("ada");
                var pending = (await roleChanges.RequestReactivationAsync(ada, new OrganizationId("acme"), new UserId("alan"))).GetValueOrThrow();
                return (await roleChanges.ConfirmAsync(ada, pending.Id)).IsSuccess;
            });
        }

        using var ada = await app.SignInAsync("ada");
        var (firstStatus, first) = await ada.GetAsync("/audit");
        var link = NextLink().Match(first);
        Assert.True(link.Success, "the first page links to the next");
        var (secondStatus, second) = await ada.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstStatus, secondStatus));
        var sequences = Sequences(first).Concat(Sequences(second)).ToList();
        Assert.Equal(Enumerable.Range(1, 22), sequences);
        Assert.False(NextLink().IsMatch(second), "the last page links nowhere");
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("bTphZGE")]
    public async Task A_cursor_the_audit_trail_did_not_write_is_a_bad_request(string after)
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");

        var (status, _) = await ada.GetAsync($"/audit?after={after}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private static IEnumerable<int> Sequences(string html) =>
        SequenceCell().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("<a class=\"next\" href=\"([^\"]+)\">")]
    private static partial Regex NextLink();

    [GeneratedRegex(@"<tr>\s*<td>(\d+)</td>")]
    private static partial Regex SequenceCell();
}
