using System.Text.RegularExpressions;
using Snapshooter.Xunit;

namespace Vectice.Organization.ConsoleDemo.Tests;

public sealed partial class ScriptedRunTests
{
    [Fact]
    public async Task The_walkthrough_narrates_every_rule_and_matches_the_approved_output()
    {
        var console = DemoConsole.Piped();

        var exitCode = await DemoConsole.RunAsync(console, "--script");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("UNEXPECTED", console.Output, StringComparison.Ordinal);
        Assert.Equal(14, OkLines().Count(console.Output));
        Assert.Contains("Every step behaved as narrated.", console.Output, StringComparison.Ordinal);

        // Pending change ids are random: the approved output records where they appear, not what they are.
        Snapshot.Match(Guids().Replace(console.Output, "<pending-change-id>"));
    }

    [Fact]
    public async Task Input_that_is_not_a_terminal_gets_the_walkthrough()
    {
        var console = DemoConsole.Piped();

        Assert.Equal(0, await DemoConsole.RunAsync(console));
        Assert.Contains("every rule, narrated", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_options_and_version_prints_the_version()
    {
        var help = DemoConsole.Piped();
        var version = DemoConsole.Piped();

        Assert.Equal(0, await DemoConsole.RunAsync(help, "--help"));
        Assert.Equal(0, await DemoConsole.RunAsync(version, "--version"));

        Assert.Contains("--db <FILE>", help.Output, StringComparison.Ordinal);
        Assert.Contains("--script", help.Output, StringComparison.Ordinal);
        Assert.StartsWith("0.1.0", version.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_an_error()
    {
        var console = DemoConsole.Piped();
        Assert.NotEqual(0, await DemoConsole.RunAsync(console, "--frobnicate"));
        Assert.Contains("frobnicate", console.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex(@"^\s+ok: ", RegexOptions.Multiline)]
    private static partial Regex OkLines();
}
