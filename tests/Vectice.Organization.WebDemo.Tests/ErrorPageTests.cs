using System.Net;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>An exception, in any environment, answers 500 with the generic error page and reveals nothing about it.</summary>
public sealed class ErrorPageTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_failing_store_gets_the_error_page_with_500_and_no_detail(string environment)
    {
        await using var app = new WebDemoFactory(environment, BrokenStore.BreakDuringRequests);
        var http = app.CreateClient(new() { AllowAutoRedirect = false });
        // As a browser asks: the developer exception page answers HTML with the stack trace to it.
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var client = new DemoClient(http);

        // Signing in is the first thing that reads the store (the sign-in page lists the demo's own people).
        using var response = await client.PostAsync("/signin", new() { ["userId"] = "ada" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(BrokenStore.Marker, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("signin", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\bat [\w.`<>+]+\(|\.cs:line \d", page);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Something went wrong</h1>", page, StringComparison.Ordinal);
    }
}
