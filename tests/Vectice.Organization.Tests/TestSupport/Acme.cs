using Microsoft.Extensions.Logging;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;
using Vectice.Organization.Testing;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// The SDK's tests' organization: the kit's <see cref="OrganizationUnderTest"/>, with the fixed id
/// <c>acme</c> (the approved snapshots name it), the services' default options, and beside the kit's
/// four people Ken, a deactivated Member.
/// </summary>
internal static class Acme
{
    public static OrganizationId Id { get; } = new("acme");

    public static UserId Ken { get; } = new("ken");

    /// <summary>The services over <paramref name="store"/> (a new in-memory one by default); nothing created yet.</summary>
    public static OrganizationUnderTest Create(IOrganizationStore? store = null, ILoggerFactory? loggers = null, VecticeOrganizationOptions? options = null) =>
        OrganizationUnderTest.Create(store ?? new InMemoryOrganizationStore(), Id, options ?? new VecticeOrganizationOptions(), loggers);

    /// <summary>Creates the organization: the kit's seed, then Ken added and deactivated.</summary>
    public static async Task<OrganizationUnderTest> SeedAsync(IOrganizationStore? store = null, ILoggerFactory? loggers = null, VecticeOrganizationOptions? options = null)
    {
        var org = await Create(store, loggers, options).SeedAsync();
        await org.AddAsync(Ken, OrgRole.Member);
        await org.ApplyAsync(org.RoleChanges.RequestDeactivationAsync(OrganizationUnderTest.Ada, Id, Ken));
        return org;
    }
}
