namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>A fenced C# block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository's root, with forward slashes.</param>
/// <param name="Line">The 1-based line of the opening fence; the code starts on the next line.</param>
/// <param name="Code">The lines between the fences, without the fence's indentation.</param>
/// <param name="IgnoredBecause">Why the block is not compiled (<c>```csharp ignore reason</c>), or <see langword="null"/> when it is.</param>
internal sealed record MarkdownSnippet(string File, int Line, string Code, string? IgnoredBecause)
{
    /// <summary>The 1-based line of the file that holds the code's first line.</summary>
    public int FirstCodeLine => Line + 1;

    /// <summary>Where the block is, as an editor reads it.</summary>
    public override string ToString() => $"{File}:{Line}";
}
