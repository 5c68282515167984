using System.ComponentModel;
using Spectre.Console.Cli;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>The demo's options.</summary>
public sealed class DemoSettings : CommandSettings
{
    [CommandOption("--db <FILE>")]
    [Description("Keep the organization in a SQLite file through the EF Core store, so changes survive between runs. Created and seeded when missing. Without it, the in-memory store.")]
    public string? Database { get; init; }

    [CommandOption("--script")]
    [Description("Run the narrated walk-through of every rule, even on a terminal (the default when input is not a terminal). Exits with 0 when every step behaved as narrated.")]
    public bool Script { get; init; }
}
