using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>The command line: <c>--db</c>, <c>--script</c>, <c>--help</c>, <c>--version</c>.</summary>
internal static class DemoApp
{
    private static readonly string Version =
        typeof(DemoApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var app = new CommandApp<DemoCommand>().WithData(console);
        app.Configure(config =>
        {
            config.SetApplicationName("vectice-org-demo");
            config.SetApplicationVersion(Version);
            config.UseStrictParsing();
            config.ConfigureConsole(console);
            config.AddExample("--script");
            config.AddExample("--db", "acme.db");
        });
        return app.RunAsync(args, cancellationToken);
    }
}
