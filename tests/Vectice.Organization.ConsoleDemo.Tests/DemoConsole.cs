using Spectre.Console.Testing;

namespace Vectice.Organization.ConsoleDemo.Tests;

/// <summary>A test console wide enough for the demo's tables, with keys to press.</summary>
internal static class DemoConsole
{
    public static TestConsole Interactive(params ConsoleKey[] keys)
    {
        var console = new TestConsole().Width(100).Interactive();
        foreach (var key in keys)
        {
            console.Input.PushKey(key);
        }

        return console;
    }

    public static TestConsole Piped() => new TestConsole().Width(100);

    public static Task<int> RunAsync(TestConsole console, params string[] args) => DemoApp.RunAsync(args, console);
}
