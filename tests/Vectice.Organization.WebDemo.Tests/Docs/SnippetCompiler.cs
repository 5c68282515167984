using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>
/// Compiles a C# block of the docs the way a reader would paste it into a web project that references
/// the five packages. The convention, for whoever writes a block:
/// <list type="bullet">
/// <item>Its <c>using</c> directives come first; on top of them, <see cref="GlobalUsings"/> are imported (a web
/// project's implicit usings, EF Core, and the packages' namespaces).</item>
/// <item>Its statements, wherever they stand, run in order as the body of an <c>async Task&lt;object?&gt;</c>
/// method, so they may <c>await</c>, and <c>return</c> a value as a request handler would.</item>
/// <item>That method's class declares <see cref="HostVariables"/>: what a host already has where the
/// block would go (<c>services</c>, <c>builder</c>, <c>app</c>, <c>actor</c>, …). A local of the same name hides one.</item>
/// <item>Its types are the file's own top-level types; the reader's own types that a block only uses (their
/// store, their session store) are the stand-ins of <c>Docs/StandIns</c>.</item>
/// <item>A block passes when the compiler reports no error; warnings are not the docs' concern.</item>
/// </list>
/// <c>#line</c> directives map every diagnostic to the Markdown file and line it comes from.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>Imported by every block.</summary>
    public static readonly ImmutableArray<string> GlobalUsings =
    [
        // A web project's implicit usings.
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
        "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",

        // What a reader of these docs imports.
        "Microsoft.EntityFrameworkCore", "Vectice.Organization", "Vectice.Organization.Stores", "Vectice.Organization.ChangeFeeds",
        "Vectice.Organization.EntityFrameworkCore", "Vectice.Organization.AspNetCore", "Vectice.Organization.PostgreSql",
        "Vectice.Organization.Testing", typeof(StandIns.MyStore).Namespace!,
    ];

    /// <summary>The host's variables a block may use without declaring them.</summary>
    public static readonly ImmutableArray<(string Type, string Name)> HostVariables =
    [
        ("IServiceCollection", "services"), ("WebApplicationBuilder", "builder"), ("WebApplication", "app"),
        ("IServiceProvider", "provider"), ("string[]", "args"), ("string", "connectionString"),
        ("OrganizationDbContext", "context"), ("OrganizationAccess", "access"), ("RoleChangeService", "roleChanges"),
        ("OrganizationId", "organizationId"), ("UserId", "actor"), ("UserId", "admin"), ("UserId", "user"),
        ("UserId", "target"), ("UserId", "userId"), ("CancellationToken", "cancellationToken"),
    ];

    private const string Body = "DocsSnippetBody";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static readonly SyntaxTree Usings = CSharpSyntaxTree.ParseText(
        string.Concat(GlobalUsings.Select(u => $"global using {u};\n")), ParseOptions, "GlobalUsings.g.cs");

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles <paramref name="snippet"/> and returns its errors.</summary>
    /// <param name="snippet">The block.</param>
    /// <returns>The errors; empty when the block compiles.</returns>
    public static ImmutableArray<Diagnostic> Errors(MarkdownSnippet snippet)
    {
        var tree = CSharpSyntaxTree.ParseText(Wrap(snippet), ParseOptions, snippet.File, Encoding.UTF8);
        var compilation = CSharpCompilation.Create("DocsSnippet", [Usings, tree], References.Value, CompilationOptions);
        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.GetMappedLineSpan().StartLinePosition)];
    }

    /// <summary>A diagnostic as an editor reads it, at the Markdown line it comes from.</summary>
    /// <param name="diagnostic">The diagnostic.</param>
    /// <returns>"file(line,column): error CS…: message".</returns>
    public static string Format(Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var span = location.GetMappedLineSpan();
        var where = !location.IsInSource ? "(no source location)"
            : location.SourceTree!.GetLineVisibility(location.SourceSpan.Start) != LineVisibility.Visible ? "(the test's wrapper around the block)"
            : $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        return $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The file the compiler sees: the block's usings, its types, then its statements in a method of a host class.</summary>
    /// <param name="snippet">The block.</param>
    /// <returns>The C# source.</returns>
    public static string Wrap(MarkdownSnippet snippet)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        var code = CSharpSyntaxTree.ParseText(snippet.Code, ParseOptions);
        var root = code.GetCompilationUnitRoot();
        var source = new StringBuilder();
        foreach (var node in root.Usings.Cast<SyntaxNode>().Concat(root.AttributeLists).Concat(root.Members.Where(m => m is not GlobalStatementSyntax)))
        {
            Append(source, snippet, code, node);
        }

        source.Append("#line hidden\n").Append(CultureInfo.InvariantCulture, $"internal sealed class {Body}\n{{\n");
        foreach (var (type, name) in HostVariables)
        {
            source.Append(CultureInfo.InvariantCulture, $"    private {type} {name} = default!;\n");
        }

        source.Append("    private async Task<object?> RunAsync()\n    {\n");
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>())
        {
            Append(source, snippet, code, statement);
        }

        // Statements that end without a return of their own reach this one (a warning where they do return).
        return source.Append("#line hidden\n        return null;\n    }\n}\n").ToString();
    }

    private static void Append(StringBuilder source, MarkdownSnippet snippet, SyntaxTree code, SyntaxNode node)
    {
        // The node's text from the start of its first line (its leading comments included), at the
        // Markdown line it stands on, indented as it is there so that columns match too.
        var start = code.GetLineSpan(node.FullSpan).StartLinePosition;
        source.Append(CultureInfo.InvariantCulture, $"#line {snippet.FirstCodeLine + start.Line} \"{snippet.File}\"\n")
            .Append(' ', start.Character)
            .Append(node.ToFullString().TrimEnd('\n'))
            .Append('\n');
    }

    // What the test process runs on: the runtime and ASP.NET Core, and every package and project the
    // test project references (the host puts them all on TRUSTED_PLATFORM_ASSEMBLIES), plus the stand-ins.
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return [.. trusted.Append(typeof(StandIns.MyStore).Assembly.Location)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
