using System.Globalization;
using System.Text.Json;
using Vectice.Organization;
using Vectice.Organization.Contention;
using Vectice.Organization.StressWorker;

// Usage: StressWorker <organization-id> <operations> <worker-name> <writers>; the connection string comes from
// VECTICE_STRESS_CONNECTION. The worker's writers (as many requests of one server at once) warm up, it prints
// "ready", waits for a line "go" on its standard input (the start barrier all workers meet at), its writers run
// the operations between them, and it prints its tally as one JSON line.
if (args.Length != 4
    || Environment.GetEnvironmentVariable("VECTICE_STRESS_CONNECTION") is not { Length: > 0 } connectionString
    || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var operations)
    || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var writers)
    || writers < 1)
{
    Console.Error.WriteLine("usage: VECTICE_STRESS_CONNECTION=... StressWorker <organization-id> <operations> <worker-name> <writers>");
    return 2;
}

var hammers = Enumerable.Range(0, writers).Select(_ => new Hammer(connectionString, new OrganizationId(args[0]), args[2])).ToArray();
foreach (var hammer in hammers)
{
    await hammer.WarmUpAsync();
}

Console.WriteLine("ready");
if (await Console.In.ReadLineAsync() != "go")
{
    Console.Error.WriteLine("The start barrier closed without a go.");
    return 3;
}

using var races = new SdkRaceMeter();
var tallies = await Task.WhenAll(hammers.Select((hammer, i) => Task.Run(() => hammer.RunAsync(operations / writers + (i < operations % writers ? 1 : 0)))));
var tally = Tally.Merge(args[2], tallies);
tally.ConflictRetries = (int)races.Read().Retries;
tally.GroupedWrites = (int)races.Joined;
Console.WriteLine(JsonSerializer.Serialize(tally));
return tally.Errors == 0 ? 0 : 1;
