using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>
/// Every C# block of the README, docs/*.md and the packages' READMEs compiles against the packages, as
/// <see cref="SnippetCompiler"/> describes; a block the docs mark <c>```csharp ignore reason</c> is listed
/// here by name, so that exemptions are deliberate and stay rare.
/// </summary>
public sealed class SnippetTests(ITestOutputHelper output)
{
    /// <summary>The blocks exempt from compiling, by file and reason: none so far. Add one here only for a block that is not C# code.</summary>
    private static readonly (string File, string Reason)[] Exemptions = [];

    public static TheoryData<string, int> CompiledSnippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var snippet in MarkdownSnippets.ReadAll().Where(s => s.IgnoredBecause is null))
        {
            data.Add(snippet.File, snippet.Line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CompiledSnippets))]
    public void The_csharp_block_compiles(string file, int line)
    {
        var snippet = MarkdownSnippets.Read(file).Single(s => s.Line == line);

        var errors = SnippetCompiler.Errors(snippet);

        Assert.True(errors.IsEmpty, Report(snippet, errors));
    }

    [Fact]
    public void Every_documented_file_is_read_and_the_exempt_blocks_are_the_listed_ones()
    {
        var files = MarkdownSnippets.DocumentedFiles();
        var snippets = MarkdownSnippets.ReadAll();
        var exempt = snippets.Where(s => s.IgnoredBecause is not null).ToList();
        output.WriteLine($"{snippets.Count} C# blocks in {files.Count} files: {snippets.Count - exempt.Count} compiled, {exempt.Count} exempt.");
        exempt.ForEach(s => output.WriteLine($"exempt: {s}: {s.IgnoredBecause}"));

        Assert.Contains("README.md", files);
        Assert.Contains("docs/access-checks.md", files);
        Assert.All(
            ["Vectice.Organization", "Vectice.Organization.EntityFrameworkCore", "Vectice.Organization.PostgreSql", "Vectice.Organization.AspNetCore", "Vectice.Organization.Testing"],
            package => Assert.Contains($"src/{package}/README.md", files));
        Assert.Equal(Exemptions, exempt.Select(s => (s.File, s.IgnoredBecause!)));
    }

    internal static string Report(MarkdownSnippet snippet, ImmutableArray<Diagnostic> errors)
    {
        var lines = snippet.Code.Split('\n').Select((text, i) => string.Create(CultureInfo.InvariantCulture, $"{snippet.FirstCodeLine + i,5} | {text}"));
        return $"The C# block at {snippet} does not compile:\n{string.Join('\n', errors.Select(SnippetCompiler.Format))}\n\n{string.Join('\n', lines)}";
    }
}
