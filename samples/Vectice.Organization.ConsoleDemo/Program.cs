using Spectre.Console;
using Vectice.Organization.ConsoleDemo;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends the demo through its cancellation path, not by killing the process mid-write.
    e.Cancel = true;
    interrupted.Cancel();
};

return await DemoApp.RunAsync(args, AnsiConsole.Console, interrupted.Token);
