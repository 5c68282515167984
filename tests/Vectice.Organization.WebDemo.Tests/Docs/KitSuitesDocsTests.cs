using System.Text.RegularExpressions;
using Vectice.Organization.Testing;

namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>
/// The conformance kit's docs name its suites as the kit has them: a store author who copies their
/// subclasses runs every suite (else the kit's own self-check fails them), and no doc names a suite
/// the kit does not have. The suites are found by reflection, as the self-check finds them.
/// </summary>
public sealed partial class KitSuitesDocsTests
{
    public static TheoryData<string> KitDocs() => ["docs/conformance-kit.md", "src/Vectice.Organization.Testing/README.md"];

    [Theory]
    [MemberData(nameof(KitDocs))]
    public void The_docs_subclass_every_suite_of_the_kit_in_their_csharp(string file)
    {
        var subclassed = MarkdownSnippets.Read(file).SelectMany(s => Subclass().Matches(s.Code)).Select(m => m.Groups["suite"].Value).ToHashSet();

        var missing = Suites().Except(subclassed).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"{file} does not subclass {string.Join(", ", missing)}, so a store author who copies it fails the kit's self-check.");
    }

    [Theory]
    [MemberData(nameof(KitDocs))]
    public void The_docs_name_no_suite_the_kit_does_not_have(string file)
    {
        var named = Named().Matches(File.ReadAllText(RepositoryFiles.Path(file))).Select(m => m.Value).ToHashSet();

        var unknown = named.Except(Suites()).Order(StringComparer.Ordinal).ToList();

        Assert.True(unknown.Count == 0, $"{file} names {string.Join(", ", unknown)}, which the kit does not have as a suite.");
    }

    [Fact]
    public void The_conformance_kit_doc_describes_every_suite_in_its_table()
    {
        var described = Row().Matches(File.ReadAllText(RepositoryFiles.Path("docs/conformance-kit.md"))).Select(m => m.Groups["suite"].Value).Order(StringComparer.Ordinal);

        Assert.Equal(Suites().Order(StringComparer.Ordinal), described);
    }

    [Fact]
    public void The_suites_are_found_by_reflection()
    {
        // Guards the tests above against passing on an empty set: these five are the kit's suites today.
        Assert.Superset(
            new HashSet<string> { "StoreContractSpecification", "RoleChangeFlowSpecification", "ConcurrencySpecification", "ModelBasedSpecification", "ChangeFeedSpecification" },
            Suites());
    }

    /// <summary>The kit's suites: its public abstract generic classes that derive from <see cref="StoreSpecification{TFixture}"/>.</summary>
    private static HashSet<string> Suites() =>
        typeof(StoreSpecification<>).Assembly.GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsGenericTypeDefinition && t != typeof(StoreSpecification<>) && IsSpecification(t.BaseType))
            .Select(t => t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)])
            .ToHashSet();

    private static bool IsSpecification(Type? type) =>
        type is not null && ((type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StoreSpecification<>)) || IsSpecification(type.BaseType));

    // "public sealed class MyStoreModel(MyStoreFixture f) : ModelBasedSpecification<MyStoreFixture>(f);"
    [GeneratedRegex(@":\s*(?<suite>\w+Specification)<\w+>")]
    private static partial Regex Subclass();

    // Any name of the form XSpecification (not ASP.NET Core Identity's "Specification.Tests").
    [GeneratedRegex(@"\b\w+Specification\b")]
    private static partial Regex Named();

    // "| `StoreContractSpecification` | every read and the write …"
    [GeneratedRegex(@"^\|\s*`(?<suite>\w+Specification)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
