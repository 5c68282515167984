using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>A Razor page of the web demo as the app registered it, so tests find its POSTs rather than list them.</summary>
/// <param name="Name">The page, as Razor Pages names it ("/Changes/Details").</param>
/// <param name="Route">The address of its first route; <c>{id}</c> stands for a route value.</param>
/// <param name="PostHandlers">The names of its POST handlers; empty for <c>OnPost</c>.</param>
internal sealed record AppPage(string Name, string Route, IReadOnlyList<string> PostHandlers)
{
    /// <summary>
    /// Reads the app's endpoints. Every one must be a page: another kind of endpoint (a minimal API,
    /// a controller) could take POSTs these tests would not see, so it fails them until they learn it.
    /// </summary>
    public static async Task<IReadOnlyList<AppPage>> ReadAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var pages = new List<AppPage>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            Assert.True(page is not null && endpoint is RouteEndpoint, $"{endpoint.DisplayName} is not a Razor page: the POST tests cannot see what it takes.");
            if (pages.Exists(p => p.Name == page.ViewEnginePath))
            {
                continue; // Another route to a page already read (/Index and /).
            }

            // Handlers are known once the page is compiled; the loader compiles it as a first request would.
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var posts = compiled.HandlerMethods.Where(h => h.HttpMethod == "Post").Select(h => h.Name ?? "").ToList();
            pages.Add(new(page.ViewEnginePath, "/" + ((RouteEndpoint)endpoint).RoutePattern.RawText, posts));
        }

        Assert.NotEmpty(pages);
        return pages;
    }
}
