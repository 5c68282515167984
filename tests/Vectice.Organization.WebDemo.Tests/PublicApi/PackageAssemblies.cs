using System.Reflection;
using Vectice.Organization.AspNetCore;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.PostgreSql;
using Vectice.Organization.Testing;

namespace Vectice.Organization.WebDemo.Tests.PublicApi;

/// <summary>The five packages, for the tests that hold every public type of them to a rule.</summary>
internal static class PackageAssemblies
{
    public static readonly Assembly[] All =
    [
        typeof(OrganizationInfo).Assembly,
        typeof(OrganizationDbContext).Assembly,
        typeof(OrganizationAuthorizationOptions).Assembly,
        typeof(PostgreSqlOrganizationChangeFeed).Assembly,
        typeof(StoreSpecification<>).Assembly,
    ];
}
