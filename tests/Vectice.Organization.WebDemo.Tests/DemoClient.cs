using System.Net;
using System.Text.RegularExpressions;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>
/// An HTTP client that posts forms the way a browser does: with the antiforgery token of a page it
/// read, and its cookies.
/// </summary>
public sealed partial class DemoClient(HttpClient http) : IDisposable
{
    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts <paramref name="fields"/> with the antiforgery token of the page at <paramref name="tokenFrom"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, string tokenFrom = "/signin")
    {
        var (_, html) = await GetAsync(tokenFrom);
        fields["__RequestVerificationToken"] = TokenInput().Match(html).Groups[1].Value;
        return await PostWithoutTokenAsync(path, fields);
    }

    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string path, Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        return await http.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    /// <summary>Requests a change from the users list's menu and returns the confirmation page's path.</summary>
    public async Task<string> RequestAsync(string target, string change)
    {
        using var response = await PostAsync("/changes/request", new() { ["target"] = target, ["change"] = change }, tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The role shown in the users list's row of <paramref name="userId"/>.</summary>
    public async Task<string> RoleInListAsync(string userId)
    {
        var (_, html) = await GetAsync("/");
        var row = Regex.Match(html, $"<tr data-user=\"{userId}\">.*?<td class=\"role\">(\\w+)</td>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for {userId}");
        return row.Groups[1].Value;
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
