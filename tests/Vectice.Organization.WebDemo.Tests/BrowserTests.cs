using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>The admin flow of Vectice's documentation in a real browser, on the web demo served by Kestrel.</summary>
public sealed class BrowserTests
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Serves the demo on Kestrel, on a free port; returns its address.</summary>
    private static string Serve(WebDemoFactory app)
    {
        app.UseKestrel(0);
        app.StartServer();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath, Headless = true });

    [SkippableFact]
    public async Task An_admin_changes_a_role_through_the_confirmation_page_and_a_viewer_sees_no_menu()
    {
        Skip.If(Chromium.SkipReason is not null, Chromium.SkipReason);
        await using var app = new WebDemoFactory();
        var address = Serve(app);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { BaseURL = address, ViewportSize = new() { Width = 1100, Height = 640 } });

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Ada Lovelace" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Organization users" })).ToBeVisibleAsync();
        await page.GetByLabel("Actions for Grace Hopper").ClickAsync();
        await SaveScreenshotAsync(page, "users-list.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Change role to Admin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change role to Admin" })).ToBeVisibleAsync();
        await Expect(page.Locator(".card")).ToContainTextAsync("Member (Active)");
        await Expect(page.Locator(".card")).ToContainTextAsync("Nothing is saved until you confirm.");
        await SaveScreenshotAsync(page, "confirmation.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: Grace Hopper is now Admin (Active).");
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-user=grace] td.role")).ToHaveTextAsync("Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await Expect(page.Locator("tbody tr").Last).ToContainTextAsync("RoleChanged");
        await Expect(page.Locator("tbody tr").Last).ToContainTextAsync("Member → Admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Linus Torvalds" }).ClickAsync();
        await Expect(page.Locator("tr[data-user]")).ToHaveCountAsync(6);
        await Expect(page.Locator("details.menu")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Change role to")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task An_admin_demoted_in_another_browser_gets_403_at_his_next_click_without_signing_in_again()
    {
        Skip.If(Chromium.SkipReason is not null, Chromium.SkipReason);
        await using var app = new WebDemoFactory();
        var address = Serve(app);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var alanContext = await browser.NewContextAsync(new() { BaseURL = address });
        await using var adaContext = await browser.NewContextAsync(new() { BaseURL = address });
        var alan = await alanContext.NewPageAsync();
        var ada = await adaContext.NewPageAsync();

        await alan.GotoAsync("/");
        await alan.GetByRole(AriaRole.Button, new() { Name = "Sign in as Alan Turing" }).ClickAsync();
        await alan.GetByRole(AriaRole.Link, new() { Name = "Pending changes" }).ClickAsync();
        await Expect(alan.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("Not allowed");

        await ada.GotoAsync("/");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Sign in as Ada Lovelace" }).ClickAsync();
        await ada.GetByLabel("Actions for Alan Turing").ClickAsync();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Change role to Member" }).ClickAsync();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(ada.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: Alan Turing is now Member (Active).");

        var response = await alan.ReloadAsync();
        Assert.Equal(403, response!.Status);
        await Expect(alan.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not allowed: this page needs ReadWorkspaces and ManageUsers");
        await alan.GetByRole(AriaRole.Link, new() { Name = "Users list" }).ClickAsync();
        await Expect(alan.GetByText("Signed in as Alan Turing")).ToBeVisibleAsync();
        await Expect(alan.Locator("tr[data-user=alan] td.role")).ToHaveTextAsync("Member");
        await Expect(alan.Locator("details.menu")).ToHaveCountAsync(0);
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0, $"{path} is empty");
    }
}
