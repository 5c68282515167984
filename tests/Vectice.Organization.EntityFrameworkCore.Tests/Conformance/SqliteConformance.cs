using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Conformance;

public sealed class SqliteStoreContract(SqliteStoreFixture fixture) : StoreContractSpecification<SqliteStoreFixture>(fixture);

public sealed class SqliteRoleChangeFlow(SqliteStoreFixture fixture) : RoleChangeFlowSpecification<SqliteStoreFixture>(fixture);

public sealed class SqliteConcurrency(SqliteStoreFixture fixture) : ConcurrencySpecification<SqliteStoreFixture>(fixture)
{
    // BEGIN IMMEDIATE takes the one write lock of the database file.
    protected override bool OneLockForAllOrganizations => true;
}

public sealed class SqliteModelBased(SqliteStoreFixture fixture) : ModelBasedSpecification<SqliteStoreFixture>(fixture);

public sealed class SqliteChangeFeed(SqliteStoreFixture fixture) : ChangeFeedSpecification<SqliteStoreFixture>(fixture);
