using Spectre.Console;
using Spectre.Console.Cli;

namespace Vectice.Organization.ConsoleDemo;

/// <summary>Opens the demo organization and runs the interactive session or the narrated walk-through.</summary>
internal sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    public const int Interrupted = 130;

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var console = (IAnsiConsole)context.Data!;
        var scripted = settings.Script || !console.Profile.Capabilities.Interactive;
        try
        {
            await using var demo = await DemoOrganization.OpenAsync(settings.Database, scripted, cancellationToken);
            if (scripted)
            {
                return await new ScriptedWalkthrough(demo, console).RunAsync(cancellationToken) ? 0 : 1;
            }

            await new InteractiveSession(demo, console).RunAsync(cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine();
            console.MarkupLine("[grey]Interrupted. Nothing was confirmed that you did not confirm.[/]");
            return Interrupted;
        }
    }
}
