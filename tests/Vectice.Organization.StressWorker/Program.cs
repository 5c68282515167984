using System.Globalization;
using System.Text.Json;
using Vectice.Organization;
using Vectice.Organization.StressWorker;

// Usage: StressWorker <organization-id> <operations> <worker-name>; the connection string comes from
// VECTICE_STRESS_CONNECTION. The worker warms up, prints "ready", waits for a line "go" on its standard
// input (the start barrier all workers meet at), runs its operations and prints its tally as one JSON line.
if (args.Length != 3
    || Environment.GetEnvironmentVariable("VECTICE_STRESS_CONNECTION") is not { Length: > 0 } connectionString
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var operations))
{
    Console.Error.WriteLine("usage: VECTICE_STRESS_CONNECTION=... StressWorker <organization-id> <operations> <worker-name>");
    return 2;
}

var hammer = new Hammer(connectionString, new OrganizationId(args[0]), args[2]);
await hammer.WarmUpAsync();
Console.WriteLine("ready");
if (await Console.In.ReadLineAsync() != "go")
{
    Console.Error.WriteLine("The start barrier closed without a go.");
    return 3;
}

var tally = await hammer.RunAsync(operations);
Console.WriteLine(JsonSerializer.Serialize(tally));
return tally.Errors == 0 ? 0 : 1;
