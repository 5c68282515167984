using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Conformance;

public sealed class PostgresStoreContract(PostgresStoreFixture fixture) : StoreContractSpecification<PostgresStoreFixture>(fixture);

public sealed class PostgresRoleChangeFlow(PostgresStoreFixture fixture) : RoleChangeFlowSpecification<PostgresStoreFixture>(fixture);

public sealed class PostgresConcurrency(PostgresStoreFixture fixture) : ConcurrencySpecification<PostgresStoreFixture>(fixture);

public sealed class PostgresModelBased(PostgresStoreFixture fixture) : ModelBasedSpecification<PostgresStoreFixture>(fixture);

/// <summary>On PostgreSQL through <c>LISTEN</c>: <see cref="PostgresStoreFixture.CreateChangeFeed"/> gives the PostgreSQL feed.</summary>
public sealed class PostgresChangeFeed(PostgresStoreFixture fixture) : ChangeFeedSpecification<PostgresStoreFixture>(fixture);
