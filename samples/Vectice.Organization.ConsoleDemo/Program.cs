using Microsoft.Extensions.DependencyInjection;
using Vectice.Organization;
using Vectice.Organization.ConsoleDemo;

// The SDK as a host embeds it: registered through DI, on the in-memory store.
await using var provider = new ServiceCollection()
    .AddVecticeOrganization(options => options.PendingChangeTimeToLive = TimeSpan.FromMinutes(15))
    .AddInMemoryStores()
    .Services
    .BuildServiceProvider(validateScopes: true);
await using var scope = provider.CreateAsyncScope();
var demo = new Walkthrough(
    scope.ServiceProvider.GetRequiredService<ProvisioningService>(),
    scope.ServiceProvider.GetRequiredService<RoleChangeService>(),
    scope.ServiceProvider.GetRequiredService<OrganizationDirectory>(),
    Console.Out);

return await demo.RunAsync() ? 0 : 1;
