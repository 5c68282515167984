using Vectice.Organization.InMemory;
using Vectice.Organization.Testing;

namespace Vectice.Organization.Tests.InMemory;

/// <summary>The in-memory store runs the whole conformance kit; every scope shares one store, as connections share a database.</summary>
public sealed class InMemoryStoreFixture : StoreFixture
{
    private readonly InMemoryOrganizationStore _store = new();

    public override StoreScope OpenScope() => new(_store);

    public override int? WritersWaiting(OrganizationId organizationId) => _store.WritersWaiting(organizationId);
}

public sealed class InMemoryStoreContract(InMemoryStoreFixture fixture) : StoreContractSpecification<InMemoryStoreFixture>(fixture);

public sealed class InMemoryRoleChangeFlow(InMemoryStoreFixture fixture) : RoleChangeFlowSpecification<InMemoryStoreFixture>(fixture);

public sealed class InMemoryConcurrency(InMemoryStoreFixture fixture) : ConcurrencySpecification<InMemoryStoreFixture>(fixture)
{
    // In-memory rounds cost microseconds: race more.
    protected override int Rounds => 200;
}

public sealed class InMemoryModelBased(InMemoryStoreFixture fixture) : ModelBasedSpecification<InMemoryStoreFixture>(fixture)
{
    protected override long DefaultIterations => 1_000;
}

public sealed class InMemoryChangeFeed(InMemoryStoreFixture fixture) : ChangeFeedSpecification<InMemoryStoreFixture>(fixture);
