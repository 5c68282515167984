using System.Text.RegularExpressions;

namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>
/// Finds the C# blocks of Markdown files: fences of three or more backticks or tildes whose info
/// string starts with <c>csharp</c>, <c>cs</c> or <c>c#</c>. A block is compiled unless its info
/// string goes on with <c>ignore</c> and a reason; any other word after the language is an error, so
/// that a misspelt marker cannot exempt a block silently.
/// </summary>
internal static partial class MarkdownSnippets
{
    private static readonly string[] CSharp = ["csharp", "cs", "c#"];

    /// <summary>The Markdown files whose C# blocks must compile: the README, docs/*.md and each package's README.</summary>
    /// <returns>Paths relative to the repository's root, with forward slashes, in order.</returns>
    public static IReadOnlyList<string> DocumentedFiles()
    {
        var root = RepositoryFiles.Root;
        var docs = Directory.GetFiles(Path.Combine(root, "docs"), "*.md");
        var packages = Directory.GetDirectories(Path.Combine(root, "src"))
            .Select(package => Path.Combine(package, "README.md"))
            .Where(File.Exists);
        return [.. docs.Concat(packages).Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')).Order(StringComparer.Ordinal).Prepend("README.md")];
    }

    /// <summary>Reads the C# blocks of a file of the repository.</summary>
    /// <param name="file">The file, relative to the repository's root.</param>
    /// <returns>Its C# blocks, in order.</returns>
    public static IReadOnlyList<MarkdownSnippet> Read(string file) => Parse(file, File.ReadAllText(RepositoryFiles.Path(file)));

    /// <summary>Every C# block of every documented file.</summary>
    /// <returns>The blocks, file by file.</returns>
    public static IReadOnlyList<MarkdownSnippet> ReadAll() => [.. DocumentedFiles().SelectMany(Read)];

    /// <summary>Finds the C# blocks of Markdown text.</summary>
    /// <param name="file">The name to report them under.</param>
    /// <param name="markdown">The text.</param>
    /// <returns>The blocks, in order.</returns>
    /// <exception cref="FormatException">A fence is never closed, or a C# fence has an unknown word or an ignore without a reason.</exception>
    public static IReadOnlyList<MarkdownSnippet> Parse(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<MarkdownSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (OpeningFence().Match(lines[i]) is not { Success: true } opening)
            {
                continue;
            }

            var (indent, fence) = (opening.Groups["indent"].Length, opening.Groups["fence"].Value);
            var close = Array.FindIndex(lines, i + 1, line => IsClosing(line, fence));
            if (close < 0)
            {
                throw new FormatException($"{file}:{i + 1}: the fence {fence} is never closed.");
            }

            var words = opening.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length > 0 && CSharp.Contains(words[0], StringComparer.OrdinalIgnoreCase))
            {
                var code = string.Join('\n', lines[(i + 1)..close].Select(line => Unindent(line, indent)));
                snippets.Add(new MarkdownSnippet(file, i + 1, code, IgnoredBecause(file, i + 1, words)));
            }

            i = close;
        }

        return snippets;
    }

    private static string? IgnoredBecause(string file, int line, string[] words) => words switch
    {
        [_] => null,
        [_, "ignore", .. var reason] when reason.Length > 0 => string.Join(' ', reason),
        [_, "ignore"] => throw new FormatException($"{file}:{line}: '{words[0]} ignore' needs a reason after it, saying why the block is not C# to compile."),
        _ => throw new FormatException($"{file}:{line}: unknown word '{words[1]}' after '{words[0]}'; only 'ignore' and a reason may follow."),
    };

    // CommonMark: a closing fence is of the opening's character, at least as long, with nothing after it.
    private static bool IsClosing(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    // CommonMark removes up to the fence's own indentation from each line of an indented block (one in a list item).
    private static string Unindent(string line, int indent)
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return line[Math.Min(spaces, indent)..];
    }

    // Any indentation: a fence nested in a list item is indented further, and no C# block may be missed.
    [GeneratedRegex(@"^(?<indent> *)(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex OpeningFence();
}
