namespace Vectice.Organization.WebDemo.Tests.Docs;

/// <summary>The snippet compiler accepts what its convention allows, and reports an error at the Markdown line it comes from.</summary>
public sealed class SnippetCompilerTests
{
    [Fact]
    public void Statements_around_a_type_run_in_a_method_with_the_host_variables_and_may_return_a_value()
    {
        const string Code = """
            using System.Globalization;

            services.AddVecticeOrganization().AddInMemoryStores();

            public sealed record Shown(string Text) { public override string ToString() => Text.ToUpper(CultureInfo.InvariantCulture); }

            var requested = await roleChanges.RequestAsync(actor, organizationId, target, OrgRole.Admin, cancellationToken);
            if (!requested.IsSuccess)
            {
                return new Shown(requested.Refusal!.Reason);
            }
            """;

        Assert.Empty(SnippetCompiler.Errors(new MarkdownSnippet("a.md", 10, Code, null)));
    }

    [Fact]
    public void An_error_is_reported_at_its_markdown_file_and_line_with_the_compilers_words()
    {
        var markdown = "# Title\n\nText.\n\n```csharp\nservices.AddVecticeOrganization();\n\nvar role = OrgRole.Owner;\n```\n";
        var snippet = Assert.Single(MarkdownSnippets.Parse("docs/example.md", markdown));

        var error = Assert.Single(SnippetCompiler.Errors(snippet));

        Assert.Equal("docs/example.md(8,20): error CS0117: 'OrgRole' does not contain a definition for 'Owner'", SnippetCompiler.Format(error));
        Assert.Contains("    8 | var role = OrgRole.Owner;", SnippetTests.Report(snippet, [error]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_the_host_does_not_declare_is_an_error()
    {
        var error = Assert.Single(SnippetCompiler.Errors(new MarkdownSnippet("a.md", 1, "await undeclared.ConfirmAsync(actor, default);", null)));

        Assert.Equal("a.md(2,7): error CS0103: The name 'undeclared' does not exist in the current context", SnippetCompiler.Format(error));
    }
}
