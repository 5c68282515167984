using System.Reflection;
using Vectice.Organization.AspNetCore;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.PostgreSql;
using Vectice.Organization.Testing;

namespace Vectice.Organization.WebDemo.Tests.PublicApi;

public sealed class TypeNameTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(OrganizationInfo).Assembly,
        typeof(OrganizationDbContext).Assembly,
        typeof(OrganizationAuthorizationOptions).Assembly,
        typeof(PostgreSqlOrganizationChangeFeed).Assembly,
        typeof(StoreSpecification<>).Assembly,
    ];

    // A type named like a segment of a namespace a host imports (Vectice.Organization.Organization was
    // one) is shadowed by that namespace in any host whose own namespace starts with Vectice.: CS0118.
    [Fact]
    public void No_public_type_of_the_packages_is_named_like_a_segment_of_their_namespaces()
    {
        var types = Packages.SelectMany(assembly => assembly.GetExportedTypes()).ToArray();
        var segments = types.Select(type => type.Namespace ?? "").Where(name => name.StartsWith("Vectice.", StringComparison.Ordinal))
            .SelectMany(name => name.Split('.')).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Organization", segments);
        Assert.Empty(types.Where(type => segments.Contains(type.Name.Split('`')[0])).Select(type => type.FullName));
    }
}
