using System.Net;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// Every POST the web demo takes, found by asking the app for its pages and their handlers: a POST
/// handler without a case below fails these tests, so none can be added untested. Each test compares
/// what the SDK stored before and after.
/// </summary>
public sealed class PostEndpointTests
{
    /// <summary>What the access check answers a Viewer or a Member on an Admin's page, before the page runs.</summary>
    private const string NeedsManageUsers = "Not allowed: this page needs ReadWorkspaces and ManageUsers in Acme Corp";

    private static readonly PostCase[] Cases =
    [
        new("/Changes/Request", "", "/changes/request", Form(("target", "grace"), ("change", "Admin")), HttpStatusCode.Forbidden, NeedsManageUsers),
        new("/Changes/Details", "Confirm", "/changes/{id}?handler=Confirm", Form(), HttpStatusCode.Forbidden, NeedsManageUsers),
        new("/Changes/Details", "Cancel", "/changes/{id}?handler=Cancel", Form(), HttpStatusCode.Forbidden, NeedsManageUsers),

        // The demo's sign-in has no password: anyone, a Viewer too, may sign in as any active member
        // or sign out. Both only set or clear the cookie; the SDK stores nothing.
        new("/SignIn", "", "/signin", Form(("userId", "margaret")), HttpStatusCode.Redirect, null),
        new("/SignIn", "SignOut", "/signin?handler=SignOut", Form(), HttpStatusCode.Redirect, null),
    ];

    [Theory]
    [InlineData("linus")] // a Viewer
    [InlineData("grace")] // a Member
    public async Task A_viewer_or_member_posting_with_a_valid_token_to_every_post_handler_found_is_refused_and_nothing_is_stored(string who)
    {
        await using var app = new WebDemoFactory();
        var pendingChange = await RequestAChangeAsync(app);
        var before = await app.StoredStateAsync();

        foreach (var post in await CasesForEveryPostHandlerAsync(app))
        {
            using var client = await app.SignInAsync(who);
            using var response = await client.PostAsync(At(post.Path, pendingChange), new(post.Form), tokenFrom: "/signin");

            Assert.Equal((post, post.NonAdminGets), (post, response.StatusCode));
            if (post.Words is { } words)
            {
                Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.Equal(before, await app.StoredStateAsync());
        }
    }

    /// <summary>
    /// The handlers bind <see cref="UserId"/> straight from the form (through <c>UserId.TryParse</c>):
    /// text the SDK would refuse arrives as <c>default</c> and is answered 400, with no exception to catch.
    /// </summary>
    [Theory]
    [InlineData(" grace")]
    [InlineData("a-user-id-longer-than-the-128-characters-an-id-may-have-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("")]
    public async Task An_admin_posting_a_user_id_the_sdk_refuses_gets_400_and_nothing_is_stored(string id)
    {
        await using var app = new WebDemoFactory();
        var before = await app.StoredStateAsync();
        using var ada = await app.SignInAsync("ada");

        using var request = await ada.PostAsync("/changes/request", Form(("target", id), ("change", "Admin")), tokenFrom: "/");
        using var signIn = await ada.PostAsync("/signin", Form(("userId", id)));

        Assert.Equal(HttpStatusCode.BadRequest, request.StatusCode);
        Assert.Contains("target must be a user id.", await request.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("Choose one of the organization's members.", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.StoredStateAsync());
    }

    [Fact]
    public async Task Every_post_handler_found_rejects_a_post_without_the_antiforgery_token_even_from_an_admin_and_nothing_is_stored()
    {
        await using var app = new WebDemoFactory();
        var pendingChange = await RequestAChangeAsync(app);
        var before = await app.StoredStateAsync();
        using var ada = await app.SignInAsync("ada");

        foreach (var post in await CasesForEveryPostHandlerAsync(app))
        {
            using var response = await ada.PostWithoutTokenAsync(At(post.Path, pendingChange), new(post.Form));

            Assert.Equal((post, HttpStatusCode.BadRequest), (post, response.StatusCode));
            Assert.Equal(before, await app.StoredStateAsync());
            Assert.Contains("Signed in as Ada Lovelace", (await ada.GetAsync("/")).Html, StringComparison.Ordinal);
        }
    }

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
            var route = At(page.Route, pendingChange);
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

    /// <summary>The cases, after checking that they are exactly the POST handlers the app has.</summary>
    private static async Task<IReadOnlyList<PostCase>> CasesForEveryPostHandlerAsync(WebDemoFactory app)
    {
        var found = (await AppPage.ReadAsync(app.Services)).SelectMany(p => p.PostHandlers.Select(h => $"{p.Name} handler '{h}'")).Order().ToList();
        var covered = Cases.Select(c => $"{c.Page} handler '{c.Handler}'").Order().ToList();
        Assert.True(found.SequenceEqual(covered), $"POST handlers found: {string.Join("; ", found)}. Cases: {string.Join("; ", covered)}. Give each handler found a case, and drop cases for handlers gone.");
        return Cases;
    }

    /// <summary>The address, with the pending change's page for <c>/changes/{id}</c>.</summary>
    private static string At(string path, string pendingChange) => path.Replace("/changes/{id}", pendingChange, StringComparison.Ordinal);

    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);
}
