using Microsoft.Data.Sqlite;

namespace Vectice.Organization.ConsoleDemo.Tests;

public sealed class DatabaseFileTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"vectice-demo-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_change_confirmed_in_one_run_is_there_in_the_next()
    {
        var first = DemoConsole.Interactive(InteractiveSessionTests.AdaMakesGraceAdmin);
        Assert.Equal(0, await DemoConsole.RunAsync(first, "--db", _file));
        Assert.Contains("Saved: Grace Hopper is now Admin (Active).", first.Output, StringComparison.Ordinal);

        // Who are you? Ada. Quit.
        var second = DemoConsole.Interactive(ConsoleKey.Enter, ConsoleKey.UpArrow, ConsoleKey.Enter);
        Assert.Equal(0, await DemoConsole.RunAsync(second, "--db", _file));

        Assert.Matches(@"Grace Hopper\s+│[^│]+│ Admin", second.Output);
        Assert.Contains("Grace Hopper (Admin)", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_walkthrough_on_a_database_uses_a_fresh_organization()
    {
        var first = DemoConsole.Piped();
        var second = DemoConsole.Piped();

        Assert.Equal(0, await DemoConsole.RunAsync(first, "--script", "--db", _file));
        Assert.Equal(0, await DemoConsole.RunAsync(second, "--script", "--db", _file));

        Assert.Contains("narrated (acme)", first.Output, StringComparison.Ordinal);
        Assert.Contains("narrated (acme-2)", second.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }
}
