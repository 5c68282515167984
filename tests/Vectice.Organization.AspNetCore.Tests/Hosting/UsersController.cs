using Microsoft.AspNetCore.Mvc;

namespace Vectice.Organization.AspNetCore.Tests.Hosting;

/// <summary>An MVC controller that requires a permission on the class and another on one action.</summary>
[ApiController]
[RequireOrganizationPermission(Permission.ReadWorkspaces)]
[Route("orgs/{organizationId}/mvc")]
public sealed class UsersController : ControllerBase
{
    [HttpGet("read")]
    public string Read() => Request.Path;

    [HttpGet("users")]
    [RequireOrganizationPermission(Permission.ManageUsers)]
    public string ManageUsers() => Request.Path;
}
