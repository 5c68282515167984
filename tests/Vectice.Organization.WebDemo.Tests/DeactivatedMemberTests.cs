using System.Net;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>A member deactivated through the SDK can neither sign in nor go on acting on a cookie they already hold.</summary>
public sealed class DeactivatedMemberTests
{
    [Fact]
    public async Task A_deactivated_member_is_refused_at_sign_in_with_the_sdks_words_and_gets_no_cookie()
    {
        await using var app = new WebDemoFactory();
        await app.DeactivateAsync("grace");
        using var client = new DemoClient(app.CreateClient(new() { AllowAutoRedirect = false }));

        using var signIn = await client.PostAsync("/signin", new() { ["userId"] = "grace" });

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        var page = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("Refused (NotAnActiveMember)", page, StringComparison.Ordinal);
        Assert.Contains("is deactivated", page, StringComparison.Ordinal);
        Assert.Contains("Sign in as Ada Lovelace", page, StringComparison.Ordinal);
        var cookies = signIn.Headers.TryGetValues("Set-Cookie", out var set) ? set : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("vectice-webdemo=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).Status);
    }

    [Fact]
    public async Task An_admin_deactivated_while_signed_in_gets_403_on_every_page_and_post_and_changes_nothing()
    {
        await using var app = new WebDemoFactory();
        using var alan = await app.SignInAsync("alan");
        var confirmation = await alan.RequestAsync("margaret", "Member");
        await app.DeactivateAsync("alan");
        var before = await app.StoredStateAsync();

        using var request = await alan.PostAsync("/changes/request", new() { ["target"] = "grace", ["change"] = "Admin" }, tokenFrom: "/signin");
        using var confirm = await alan.PostAsync($"{confirmation}?handler=Confirm", [], tokenFrom: "/signin");
        using var cancel = await alan.PostAsync($"{confirmation}?handler=Cancel", [], tokenFrom: "/signin");

        Assert.Equal(HttpStatusCode.Forbidden, request.StatusCode);
        Assert.Contains("Not allowed: this page needs ReadWorkspaces and ManageUsers", await request.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        foreach (var path in new[] { "/", "/changes", "/audit", confirmation })
        {
            Assert.Equal((path, HttpStatusCode.Forbidden), (path, (await alan.GetAsync(path)).Status));
        }

        // Asked on this request, the SDK finds him deactivated: no permission at all, the list included.
        Assert.Contains("Not allowed: this page needs ReadWorkspaces in Acme Corp", (await alan.GetAsync("/")).Html, StringComparison.Ordinal);
        Assert.Equal(before, await app.StoredStateAsync());
    }
}
