using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Vectice.Organization;
using Vectice.Organization.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds organization permissions to Razor Pages by convention, as <c>AuthorizeFolder</c> and <c>AuthorizePage</c> add policies.</summary>
public static class OrganizationPermissionPageConventionCollectionExtensions
{
    /// <summary>Requires <paramref name="permission"/> on every page under <paramref name="folderPath"/>.</summary>
    /// <param name="conventions">The Razor Pages conventions.</param>
    /// <param name="folderPath">The folder, relative to the pages' root ("/" for all, "/Admin").</param>
    /// <param name="permission">The permission required.</param>
    /// <returns>The conventions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public static PageConventionCollection RequireOrganizationPermissionForFolder(this PageConventionCollection conventions, string folderPath, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        var requirement = new RequireOrganizationPermissionAttribute(permission);
        conventions.AddFolderApplicationModelConvention(folderPath, model => model.EndpointMetadata.Add(requirement));
        return conventions;
    }

    /// <summary>Requires <paramref name="permission"/> on the page <paramref name="pageName"/>.</summary>
    /// <param name="conventions">The Razor Pages conventions.</param>
    /// <param name="pageName">The page, relative to the pages' root, without extension ("/Audit").</param>
    /// <param name="permission">The permission required.</param>
    /// <returns>The conventions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permission"/> is not a defined value.</exception>
    public static PageConventionCollection RequireOrganizationPermissionForPage(this PageConventionCollection conventions, string pageName, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        ArgumentException.ThrowIfNullOrWhiteSpace(pageName);
        var requirement = new RequireOrganizationPermissionAttribute(permission);
        conventions.AddPageApplicationModelConvention(pageName, model => model.EndpointMetadata.Add(requirement));
        return conventions;
    }
}
