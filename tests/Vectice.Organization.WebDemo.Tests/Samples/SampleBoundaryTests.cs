using System.Text.RegularExpressions;

namespace Vectice.Organization.WebDemo.Tests.Samples;

/// <summary>
/// The samples show hosts how to use the SDK, so they reach it the way a host should: through the
/// services, which decide the reader's right, never through the store behind them.
/// </summary>
public sealed partial class SampleBoundaryTests
{
    [Fact]
    public void No_sample_source_names_the_store_contract()
    {
        var samples = RepositoryFiles.Path("samples");
        var sources = Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();

        // The scan must have read both samples, their pages included, or it proves nothing.
        Assert.Contains(sources, path => path.EndsWith("DemoOrganization.cs", StringComparison.Ordinal));
        Assert.Contains(sources, path => path.EndsWith("SignIn.cshtml.cs", StringComparison.Ordinal));
        Assert.Contains(sources, path => path.EndsWith("Index.cshtml", StringComparison.Ordinal));
        Assert.Empty(sources.Where(path => StoreContract().IsMatch(File.ReadAllText(path))).Select(path => Path.GetRelativePath(samples, path)));
    }

    [GeneratedRegex(@"\bIOrganizationStore\b")]
    private static partial Regex StoreContract();
}
