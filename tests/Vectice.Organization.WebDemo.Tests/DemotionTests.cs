using System.Net;
using System.Text.RegularExpressions;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// Roles are read on every request, never from the cookie: an Admin demoted while signed in loses the
/// Admin's pages at his very next request, on the session he already has.
/// </summary>
public sealed class DemotionTests
{
    [Fact]
    public async Task An_admin_demoted_by_another_admin_through_the_pages_gets_403_on_his_very_next_request_without_signing_in_again()
    {
        await using var app = new WebDemoFactory();
        using var alan = await app.SignInAsync("alan");
        Assert.Equal(HttpStatusCode.OK, (await alan.GetAsync("/changes")).Status); // his access is cached now
        Assert.Equal(6, Regex.Count((await alan.GetAsync("/")).Html, "<details class=\"menu\">"));
        using var ada = await app.SignInAsync("ada");

        var confirmation = await ada.RequestAsync("alan", "Member");
        Assert.Equal(HttpStatusCode.OK, (await alan.GetAsync("/changes")).Status); // requested, not yet confirmed
        using var confirmed = await ada.PostAsync($"{confirmation}?handler=Confirm", [], tokenFrom: confirmation);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var (status, page) = await alan.GetAsync("/changes");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Not allowed: this page needs ReadWorkspaces and ManageUsers in Acme Corp", page, StringComparison.Ordinal);
        var before = await app.StoredStateAsync();
        using var request = await alan.PostAsync("/changes/request", new() { ["target"] = "grace", ["change"] = "Admin" }, tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Forbidden, request.StatusCode);
        Assert.Equal(before, await app.StoredStateAsync());

        // Still signed in, as the Member he now is: the list, without the menus.
        var (listStatus, list) = await alan.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains("Signed in as Alan Turing", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<details class=\"menu\">", list, StringComparison.Ordinal);
        Assert.Equal("Member", await alan.RoleInListAsync("alan"));
    }

    [Fact]
    public async Task An_admin_demoted_through_the_sdks_services_loses_the_menus_and_the_admin_pages_at_his_next_request()
    {
        await using var app = new WebDemoFactory();
        using var alan = await app.SignInAsync("alan");
        Assert.Contains("<details class=\"menu\">", (await alan.GetAsync("/")).Html, StringComparison.Ordinal);

        await app.WithServiceAsync<RoleChangeService, bool>(async roleChanges =>
        {
            var ada = new UserId("ada");
            var requested = await roleChanges.RequestAsync(ada, new OrganizationId("acme"), new UserId("alan"), OrgRole.Viewer);
            Assert.True(requested.TryGetValue(out var pending, out var refused), refused?.ToString());
            (await roleChanges.ConfirmAsync(ada, pending.Id)).GetValueOrThrow();
            return true;
        });

        var (status, list) = await alan.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<details class=\"menu\">", list, StringComparison.Ordinal);
        Assert.Contains("only active Admins change roles", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await alan.GetAsync("/audit")).Status);
    }
}
