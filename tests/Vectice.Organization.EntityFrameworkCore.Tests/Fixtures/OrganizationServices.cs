using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>The services over one store, for one organization on its own fake clock, telling the given observers.</summary>
public sealed class OrganizationServices(IOrganizationStore store, OrganizationId id, FakeTimeProvider clock, params IMembershipChangeObserver[] observers)
{
    private static readonly IOptions<VecticeOrganizationOptions> Options = Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions());

    public IOrganizationStore Store => store;

    public OrganizationId Id => id;

    public FakeTimeProvider Clock => clock;

    public RoleChangeService RoleChanges { get; } = new(store, Options, clock, observers: observers);

    public OrganizationSettingsService Settings { get; } = new(store, Options, clock, observers: observers);

    public ProvisioningService Provisioning { get; } = new(store, Options, clock, observers: observers);
}
