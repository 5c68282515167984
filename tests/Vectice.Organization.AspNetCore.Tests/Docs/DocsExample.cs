using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Vectice.Organization.AspNetCore.Tests.Docs;

/// <summary>
/// The example of docs/access-checks.md ("In ASP.NET Core"), compiled: keep the two the same. Only
/// the test server line is the test's own.
/// </summary>
public static class DocsExample
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseTestServer(); // the test's own line
        builder.Services.AddAuthentication().AddCookie();
        builder.Services.AddVecticeOrganization()               // .AddEntityFrameworkStores<MyDbContext>() in production
            .AddAuthorization();                                 // user id from NameIdentifier, then "sub"
        builder.Services.AddControllers().AddApplicationPart(typeof(DocsUsersController).Assembly);
        builder.Services.AddRazorPages(options =>
            options.Conventions.RequireOrganizationPermissionForFolder("/Admin", Permission.ManageUsers));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("invite", policy => policy.RequireOrganizationPermission(Permission.InviteColleagues));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDelete("/orgs/{organizationId}/workspaces/{id}", (string id) => Results.NoContent())
            .RequireOrganizationPermission(Permission.DeleteWorkspaces);
        app.MapPost("/orgs/{organizationId}/invites", () => Results.Accepted())
            .RequireAuthorization("invite");
        app.MapControllers();
        app.MapRazorPages();
        return app;
    }
}

[ApiController]
[Route("docs/orgs/{organizationId}/users")]
[RequireOrganizationPermission(Permission.ManageUsers)]
public sealed class DocsUsersController(OrganizationAccess access) : ControllerBase
{
    [HttpGet("me")]
    public async Task<IActionResult> Me(string organizationId, CancellationToken cancellationToken)
    {
        if (User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } id)
        {
            return Forbid();
        }

        var member = await access.GetAccessAsync(new UserId(id), new OrganizationId(organizationId), cancellationToken);
        return Ok(new { member?.Role, CanManageUsers = member?.IsAllowed(Permission.ManageUsers) == true });
    }
}
