namespace Vectice.Organization.WebDemo.Tests.PublicApi;

public sealed class TypeNameTests
{
    // A type named like a segment of a namespace a host imports (Vectice.Organization.Organization was
    // one) is shadowed by that namespace in any host whose own namespace starts with Vectice.: CS0118.
    [Fact]
    public void No_public_type_of_the_packages_is_named_like_a_segment_of_their_namespaces()
    {
        var types = PackageAssemblies.All.SelectMany(assembly => assembly.GetExportedTypes()).ToArray();
        var segments = types.Select(type => type.Namespace ?? "").Where(name => name.StartsWith("Vectice.", StringComparison.Ordinal))
            .SelectMany(name => name.Split('.')).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Organization", segments);
        Assert.Empty(types.Where(type => segments.Contains(type.Name.Split('`')[0])).Select(type => type.FullName));
    }
}
