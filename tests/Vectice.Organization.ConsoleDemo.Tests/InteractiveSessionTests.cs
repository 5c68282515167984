using static System.ConsoleKey;

namespace Vectice.Organization.ConsoleDemo.Tests;

/// <summary>
/// The interactive flow, driven key by key. Menus list users in id order (Ada, Alan, Grace,
/// Katherine, Linus, Margaret), then "View the audit trail", "Switch user", "Quit".
/// </summary>
public sealed class InteractiveSessionTests
{
    // Who are you? Ada. Pick Grace. "Change role to Admin". Confirm. Audit trail. Quit.
    internal static readonly ConsoleKey[] AdaMakesGraceAdmin =
    [
        Enter,
        DownArrow, DownArrow, Enter,
        Enter,
        Enter,
        DownArrow, DownArrow, DownArrow, DownArrow, DownArrow, DownArrow, Enter,
        DownArrow, DownArrow, DownArrow, DownArrow, DownArrow, DownArrow, DownArrow, DownArrow, Enter,
    ];

    [Fact]
    public async Task An_admin_changes_a_role_confirms_and_sees_it_in_the_list_and_the_audit_trail()
    {
        var console = DemoConsole.Interactive(AdaMakesGraceAdmin);

        Assert.Equal(0, await DemoConsole.RunAsync(console));

        var output = console.Output;
        Assert.Contains("Confirm: Change role to Admin", output, StringComparison.Ordinal);
        Assert.Contains("Member (Active)", output, StringComparison.Ordinal);
        Assert.Contains("Saved: Grace Hopper is now Admin (Active).", output, StringComparison.Ordinal);
        var lists = output.Split("Organization users");
        Assert.Matches(@"Grace Hopper\s+│[^│]+│ Member", lists[1]);
        Assert.Matches(@"Grace Hopper\s+│[^│]+│ Admin", lists[^1]);
        Assert.Matches(@"RoleChanged\s+│ Ada Lovelace\s+│ Grace Hopper\s+│ Member -> Admin", output);
        Assert.EndsWith("Bye.", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_on_the_confirmation_page_changes_nothing()
    {
        // Ada, Grace, "Change role to Admin", Cancel, Quit.
        var console = DemoConsole.Interactive(Enter, DownArrow, DownArrow, Enter, Enter, DownArrow, Enter, UpArrow, Enter);

        Assert.Equal(0, await DemoConsole.RunAsync(console));

        Assert.Contains("Cancelled: nothing changed.", console.Output, StringComparison.Ordinal);
        Assert.Matches(@"Grace Hopper\s+│[^│]+│ Member", console.Output.Split("Organization users")[^1]);
    }

    [Fact]
    public async Task A_viewer_sees_the_list_but_is_refused_in_the_sdks_words()
    {
        // Who are you? Linus (5th). Pick Ada. "Change role to Member". Quit.
        var console = DemoConsole.Interactive(DownArrow, DownArrow, DownArrow, DownArrow, Enter, Enter, Enter, UpArrow, Enter);

        Assert.Equal(0, await DemoConsole.RunAsync(console));

        Assert.Contains("Refused (NotAnActiveAdmin): User 'linus' is not an active Admin of organization 'acme'", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Confirm:", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_of_input_leaves_cleanly()
    {
        var console = DemoConsole.Interactive(Enter);

        Assert.Equal(0, await DemoConsole.RunAsync(console));
        Assert.EndsWith("Bye.", console.Output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_leaves_cleanly_with_the_interrupted_exit_code()
    {
        var console = DemoConsole.Interactive();
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();

        Assert.Equal(130, await DemoApp.RunAsync([], console, interrupted.Token));
        Assert.DoesNotContain("Exception", console.Output, StringComparison.Ordinal);
    }
}
