using System.Net;
using System.Text.RegularExpressions;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>Every page and refusal of the web demo over HTTP, on a fresh database each.</summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        await using var app = new WebDemoFactory();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var path in new[] { "/", "/audit", "/changes" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var signIn = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        Assert.Equal(6, Regex.Count(signIn, "name=\"userId\""));
    }

    [Fact]
    public async Task Signing_in_as_someone_who_is_not_a_member_is_a_bad_request()
    {
        await using var app = new WebDemoFactory();
        using var client = new DemoClient(app.CreateClient(new() { AllowAutoRedirect = false }));

        using var stranger = await client.PostAsync("/signin", new() { ["userId"] = "mallory" });
        using var garbage = await client.PostAsync("/signin", new() { ["userId"] = "a\u0001b" });

        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task An_admin_sees_a_menu_on_each_row_and_a_viewer_sees_the_list_read_only()
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");
        using var linus = await app.SignInAsync("linus");

        var (adaStatus, adaList) = await ada.GetAsync("/");
        var (linusStatus, linusList) = await linus.GetAsync("/");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (adaStatus, linusStatus));
        Assert.Equal(6, Regex.Count(adaList, "<details class=\"menu\">"));
        Assert.Contains("Change role to Admin", adaList, StringComparison.Ordinal);
        Assert.Equal(6, Regex.Count(linusList, "<tr data-user="));
        Assert.DoesNotContain("<details class=\"menu\">", linusList, StringComparison.Ordinal);
        Assert.Contains("only active Admins change roles", linusList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_role_shows_a_confirmation_saves_nothing_until_confirmed_then_applies_and_audits()
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");

        var confirmation = await ada.RequestAsync("grace", "Admin");
        var (status, page) = await ada.GetAsync(confirmation);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Change role to Admin</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<dd>Member (Active)</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dd>Admin (Active)</dd>", page, StringComparison.Ordinal);
        Assert.Contains("Nothing is saved until you confirm.", page, StringComparison.Ordinal);
        Assert.Contains("(in 15 minutes)", page, StringComparison.Ordinal);
        Assert.Equal("Member", await ada.RoleInListAsync("grace"));
        Assert.Contains(confirmation, (await ada.GetAsync("/changes")).Html, StringComparison.Ordinal);

        using var confirmed = await ada.PostAsync($"{confirmation}?handler=Confirm", [], tokenFrom: confirmation);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("Saved: Grace Hopper is now Admin (Active).", (await ada.GetAsync(confirmation)).Html, StringComparison.Ordinal);
        Assert.Equal("Admin", await ada.RoleInListAsync("grace"));
        Assert.Matches("<td>RoleChanged</td>\\s*<td>Ada Lovelace</td>\\s*<td>Grace Hopper</td>\\s*<td>Member → Admin</td>", WebUtility.HtmlDecode((await ada.GetAsync("/audit")).Html));
        Assert.DoesNotContain(confirmation, (await ada.GetAsync("/changes")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_withdraws_the_change_and_a_second_confirm_is_refused_as_the_sdk_words_it()
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");
        var confirmation = await ada.RequestAsync("katherine", "Deactivate");

        using var cancelled = await ada.PostAsync($"{confirmation}?handler=Cancel", [], tokenFrom: confirmation);
        using var confirmed = await ada.PostAsync($"{confirmation}?handler=Confirm", [], tokenFrom: confirmation);

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, confirmed.StatusCode);
        var body = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("Refused (PendingChangeClosed)", body, StringComparison.Ordinal);
        Assert.Contains("Cancelled by Ada Lovelace: nothing changed.", body, StringComparison.Ordinal);
        Assert.Contains("<td class=\"status\">Active</td>", (await ada.GetAsync("/")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_gets_403_on_a_confirmation_page_the_pending_changes_and_the_audit_trail()
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");
        var confirmation = await ada.RequestAsync("linus", "Member");
        using var grace = await app.SignInAsync("grace");

        foreach (var path in new[] { confirmation, "/changes", "/audit" })
        {
            var (status, page) = await grace.GetAsync(path);
            Assert.Equal((path, HttpStatusCode.Forbidden), (path, status));
            Assert.Contains("Not allowed: this page needs ReadWorkspaces and ManageUsers in Acme Corp", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Confirming_another_admins_pending_change_is_refused()
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");
        var confirmation = await ada.RequestAsync("margaret", "Member");
        using var alan = await app.SignInAsync("alan");

        using var confirm = await alan.PostAsync($"{confirmation}?handler=Confirm", [], tokenFrom: confirmation);

        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Contains("Refused (ConfirmerNotAllowed)", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Viewer", await ada.RoleInListAsync("margaret"));
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted()
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");
        var demoteAlan = await ada.RequestAsync("alan", "Member");
        using var _ = await ada.PostAsync($"{demoteAlan}?handler=Confirm", [], tokenFrom: demoteAlan);

        using var demoteSelf = await ada.PostAsync("/changes/request", new() { ["target"] = "ada", ["change"] = "Viewer" }, tokenFrom: "/");

        Assert.Equal(HttpStatusCode.Conflict, demoteSelf.StatusCode);
        Assert.Contains("Refused (LastActiveAdmin)", await demoteSelf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Admin", await ada.RoleInListAsync("ada"));
    }

    [Theory]
    [InlineData("grace", "Owner", HttpStatusCode.BadRequest, null)]
    [InlineData("", "Admin", HttpStatusCode.BadRequest, null)]
    [InlineData("nobody", "Admin", HttpStatusCode.NotFound, "Refused (MemberNotFound)")]
    [InlineData("grace", "Member", HttpStatusCode.Conflict, "Refused (NoChange)")]
    public async Task Bad_requests_are_refused_with_a_status_and_the_sdks_words(string target, string change, HttpStatusCode expected, string? words)
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");

        using var response = await ada.PostAsync("/changes/request", new() { ["target"] = target, ["change"] = change }, tokenFrom: "/");

        Assert.Equal(expected, response.StatusCode);
        if (words is not null)
        {
            Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("9b2f4c1e-5a7d-4e1b-8c3a-2d6f0e9a1b7c")]
    public async Task An_unknown_pending_change_is_not_found(string id)
    {
        await using var app = new WebDemoFactory();
        using var ada = await app.SignInAsync("ada");

        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetAsync($"/changes/{id}")).Status);
    }
}
