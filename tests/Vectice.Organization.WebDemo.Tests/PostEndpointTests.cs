using System.Net;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>POSTs to the web demo, on pages found by asking the app for them; each test compares what the SDK stored before and after.</summary>
public sealed class PostEndpointTests
{
    [Fact]
    public async Task A_post_that_no_handler_takes_answers_405_on_every_page_and_nothing_is_stored()
    {
        await using var app = new WebDemoFactory();
        var pendingChange = await RequestAChangeAsync(app);
        var before = await app.StoredStateAsync();
        using var ada = await app.SignInAsync("ada");

        // A page with an OnPost takes every POST, whatever handler it names: its case covers it.
        foreach (var page in (await AppPage.ReadAsync(app.Services)).Where(p => !p.PostHandlers.Contains("")))
        {
            var route = page.Route.Replace("/changes/{id}", pendingChange, StringComparison.Ordinal);
            foreach (var path in new[] { route, $"{route}?handler=None" })
            {
                using var response = await ada.PostAsync(path, [], tokenFrom: "/signin");

                Assert.Equal((path, HttpStatusCode.MethodNotAllowed), (path, response.StatusCode));
                Assert.Equal(before, await app.StoredStateAsync());
            }
        }
    }

    /// <summary>Has Ada request a change, so that confirming or cancelling it would store something; returns its page.</summary>
    private static async Task<string> RequestAChangeAsync(WebDemoFactory app)
    {
        using var ada = await app.SignInAsync("ada");
        return await ada.RequestAsync("katherine", "Admin");
    }
}
