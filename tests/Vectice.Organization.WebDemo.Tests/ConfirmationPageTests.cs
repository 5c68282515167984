using System.Net;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// The confirmation page shows the whole of what is confirmed, whatever requested it (this demo asks
/// only for single changes; another host or a script may ask for the rest): a settings change with the
/// settings before and after, a bulk change with every member it moves.
/// </summary>
public sealed class ConfirmationPageTests
{
    private static readonly OrganizationId Acme = new("acme");

    [Fact]
    public async Task A_request_to_weaken_four_eyes_shows_the_settings_before_and_after_and_another_admin_confirms_it()
    {
        await using var app = new WebDemoFactory();
        var fourEyes = new OrganizationSettings(false, false, FourEyesPolicy.AdminGrants);
        var id = await app.WithServiceAsync<OrganizationSettingsService, PendingChangeId>(async settings =>
        {
            (await settings.ChangeAsync(new UserId("ada"), Acme, fourEyes)).GetValueOrThrow();
            return (await settings.RequestChangeAsync(new UserId("alan"), Acme, fourEyes with { FourEyes = FourEyesPolicy.Off })).GetValueOrThrow().Id;
        });
        using var ada = await app.SignInAsync("ada");

        var (status, page) = await ada.GetAsync($"/changes/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Change the settings: four-eyes Off, Members create workspaces no, invite colleagues no</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Settings now</dt><dd>four-eyes AdminGrants, Members create workspaces no, invite colleagues no</dd>", page, StringComparison.Ordinal);
        Assert.Contains("Change the settings: four-eyes Off", (await ada.GetAsync("/changes")).Html, StringComparison.Ordinal);

        using var confirmed = await ada.PostAsync($"/changes/{id}?handler=Confirm", [], tokenFrom: $"/changes/{id}");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("Saved: four-eyes Off, Members create workspaces no, invite colleagues no.", (await ada.GetAsync($"/changes/{id}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bulk_change_shows_every_member_it_moves()
    {
        await using var app = new WebDemoFactory();
        var id = await app.WithServiceAsync<RoleChangeService, PendingChangeId>(async roleChanges =>
            (await roleChanges.RequestBulkAsync(new UserId("ada"), Acme, [new UserId("grace"), new UserId("katherine")], OrgRole.Viewer)).GetValueOrThrow().Id);
        using var ada = await app.SignInAsync("ada");

        var (status, page) = await ada.GetAsync($"/changes/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Change role to Viewer for 2 members</h1>", page, StringComparison.Ordinal);
        var decoded = WebUtility.HtmlDecode(page);
        Assert.Contains("<dt>Grace Hopper</dt><dd>Member (Active) → Viewer (Active)</dd>", decoded, StringComparison.Ordinal);
        Assert.Contains("<dt>Katherine Johnson</dt><dd>Member (Active) → Viewer (Active)</dd>", decoded, StringComparison.Ordinal);
    }
}
