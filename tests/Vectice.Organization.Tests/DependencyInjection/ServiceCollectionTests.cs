using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Vectice.Organization.InMemory;
using Vectice.Organization.Stores;

namespace Vectice.Organization.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task The_services_resolve_and_work_on_the_default_in_memory_store()
    {
        using var provider = new ServiceCollection().AddVecticeOrganization().Services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();

        Assert.IsType<InMemoryOrganizationStore>(scope.ServiceProvider.GetRequiredService<IOrganizationStore>());
        Assert.Same(TimeProvider.System, scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var provisioning = scope.ServiceProvider.GetRequiredService<ProvisioningService>();
        var roleChanges = scope.ServiceProvider.GetRequiredService<RoleChangeService>();
        var directory = scope.ServiceProvider.GetRequiredService<OrganizationDirectory>();

        var admin = new UserId("ada");
        var org = new OrganizationId("acme");
        await provisioning.CreateOrganizationAsync(org, "Acme", new User(admin, "ada@example.com", "Ada"));
        await provisioning.AddMemberAsync(admin, org, new User(new UserId("bob"), "bob@example.com", "Bob"), OrgRole.Viewer);
        var pending = (await roleChanges.RequestAsync(admin, org, new UserId("bob"), OrgRole.Member)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(admin, pending.Id)).GetValueOrThrow();
        Assert.Equal(3, (await directory.ListAuditEntriesAsync(admin, org)).GetValueOrThrow().Items.Count);
    }

    [Fact]
    public void Calling_it_twice_registers_each_service_once_and_keeps_both_configurations()
    {
        var services = new ServiceCollection();
        services.AddVecticeOrganization(o => o.MaxAttempts = 3);
        var count = services.Count;
        services.AddVecticeOrganization(o => o.PendingChangeTimeToLive = TimeSpan.FromMinutes(2));

        Assert.Equal(count + 1, services.Count);
        Assert.Single(services, d => d.ServiceType == typeof(RoleChangeService));
        Assert.Single(services, d => d.ServiceType == typeof(IOrganizationStore));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<VecticeOrganizationOptions>>().Value;
        Assert.Equal((3, TimeSpan.FromMinutes(2)), (options.MaxAttempts, options.PendingChangeTimeToLive));
    }

    [Fact]
    public void A_store_and_a_clock_registered_by_the_host_are_kept()
    {
        var store = Mock.Of<IOrganizationStore>();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton(store).AddSingleton<TimeProvider>(clock);
        services.AddVecticeOrganization();
        using var provider = services.BuildServiceProvider();
        Assert.Same(store, provider.GetRequiredService<IOrganizationStore>());
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddInMemoryStores_replaces_a_store_chosen_before()
    {
        var services = new ServiceCollection().AddSingleton(Mock.Of<IOrganizationStore>());
        services.AddVecticeOrganization().AddInMemoryStores();
        using var provider = services.BuildServiceProvider();
        Assert.IsType<InMemoryOrganizationStore>(provider.GetRequiredService<IOrganizationStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IOrganizationStore));
    }

    [Theory]
    [InlineData(0, 8, "PendingChangeTimeToLive")]
    [InlineData(-5, 8, "PendingChangeTimeToLive")]
    [InlineData(15, 0, "MaxAttempts")]
    public void Invalid_options_fail_when_a_service_is_first_resolved_naming_the_option(int minutes, int attempts, string option)
    {
        var services = new ServiceCollection();
        services.AddVecticeOrganization(o =>
        {
            o.PendingChangeTimeToLive = TimeSpan.FromMinutes(minutes);
            o.MaxAttempts = attempts;
        });
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var error = Assert.Throws<OptionsValidationException>(() => scope.ServiceProvider.GetRequiredService<RoleChangeService>());
        Assert.Contains($"VecticeOrganizationOptions.{option}", error.Message, StringComparison.Ordinal);
    }
}
