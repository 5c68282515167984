using System.Net;

namespace Vectice.Organization.WebDemo.Tests;

/// <summary>How to call one POST handler of the web demo, and what a signed-in Viewer or Member gets from it.</summary>
/// <param name="Page">The page, as Razor Pages names it ("/Changes/Details").</param>
/// <param name="Handler">The handler's name; empty for <c>OnPost</c>.</param>
/// <param name="Path">The address to post to; <c>{id}</c> stands for a pending change's id.</param>
/// <param name="Form">The fields a browser would post, as an Admin would mean them.</param>
/// <param name="NonAdminGets">The status a Viewer's or Member's post answers.</param>
/// <param name="Words">What the answer says to them, when it refuses.</param>
internal sealed record PostCase(
    string Page, string Handler, string Path, IReadOnlyDictionary<string, string> Form, HttpStatusCode NonAdminGets, string? Words)
{
    public override string ToString() => $"POST {Page} handler '{Handler}'";
}
