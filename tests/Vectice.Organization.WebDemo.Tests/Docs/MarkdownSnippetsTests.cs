namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>The C# blocks of Markdown are all found, at their lines, and only an explained exemption skips one.</summary>
public sealed class MarkdownSnippetsTests
{
    [Fact]
    public void Csharp_blocks_are_found_at_their_fences_and_other_blocks_are_skipped_whole()
    {
        const string Markdown = "# Title\n\n```bash\n```csharp\n```\n\n```csharp\nvar a = 1;\n```\n\n~~~cs\nb();\n~~~\n\n````text\n```c#\nnot code\n```\n````\n\n   ```C#\n   var c = 3;\n     d();\n   ```\n";

        var snippets = MarkdownSnippets.Parse("a.md", Markdown);

        Assert.Equal(
            [new("a.md", 7, "var a = 1;", null), new("a.md", 11, "b();", null), new MarkdownSnippet("a.md", 21, "var c = 3;\n  d();", null)],
            snippets);
        Assert.Equal(8, snippets[0].FirstCodeLine);
    }

    [Fact]
    public void A_block_marked_ignore_with_a_reason_is_found_as_exempt()
    {
        var snippet = Assert.Single(MarkdownSnippets.Parse("a.md", "```csharp ignore the shape of a row, not code\n{ Id, Role }\n```"));

        Assert.Equal("the shape of a row, not code", snippet.IgnoredBecause);
    }

    [Theory]
    [InlineData("```csharp ignore\nx\n```", "a.md:1: 'csharp ignore' needs a reason")]
    [InlineData("text\n```csharp ingore typo\nx\n```", "a.md:2: unknown word 'ingore'")]
    [InlineData("```csharp\nx\n", "a.md:1: the fence ``` is never closed")]
    [InlineData("````csharp\nx\n```\n", "a.md:1: the fence ```` is never closed")]
    public void A_block_that_could_be_skipped_by_mistake_is_an_error_naming_its_line(string markdown, string message)
    {
        var error = Assert.Throws<FormatException>(() => MarkdownSnippets.Parse("a.md", markdown));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
