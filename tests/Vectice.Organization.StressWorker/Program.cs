using System.Text.Json;
using Vectice.Organization;
using Vectice.Organization.StressWorker;

// Usage: StressWorker <organization-id> <seconds> <worker-name>; the connection string comes from VECTICE_STRESS_CONNECTION.
if (args.Length != 3 || Environment.GetEnvironmentVariable("VECTICE_STRESS_CONNECTION") is not { Length: > 0 } connectionString)
{
    Console.Error.WriteLine("usage: VECTICE_STRESS_CONNECTION=... StressWorker <organization-id> <seconds> <worker-name>");
    return 2;
}

var hammer = new Hammer(connectionString, new OrganizationId(args[0]), args[2]);
var tally = await hammer.RunAsync(TimeSpan.FromSeconds(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)));
Console.WriteLine(JsonSerializer.Serialize(tally));
return tally.Errors == 0 ? 0 : 1;
