using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// A commit whose version is right but one of whose later rows is not there conflicts and writes nothing:
/// counted on the client (SQLite), or checked on the server by each statement, as COMMIT is in the same
/// command there (PostgreSQL).
/// </summary>
public abstract class LostRowTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    [SkippableFact]
    public async Task A_commit_updating_a_member_who_is_not_there_conflicts_and_writes_nothing()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        await using var scope = fixture.OpenScope();
        var before = await scope.Store.LoadSnapshotAsync(organization.Id, Ada, Grace, null, CancellationToken.None);
        var ghost = new Membership(organization.Id, new User(new UserId("ghost"), "ghost@example.com", "Ghost"), OrgRole.Admin, MembershipStatus.Active);
        var commit = new OrganizationCommit
        {
            Organization = before!.Organization with { Version = before.Organization.Version + 1 },
            UpdatedMemberships = [before.Target!.WithState(new MembershipState(OrgRole.Viewer, MembershipStatus.Active)), ghost],
        };

        var outcome = await scope.Store.CommitAsync(commit, CancellationToken.None);

        Assert.Equal(CommitOutcome.VersionConflict, outcome);
        var after = await scope.Store.LoadSnapshotAsync(organization.Id, Ada, Grace, null, CancellationToken.None);
        Assert.Equal(before.Organization.Version, after!.Organization.Version);
        Assert.Equal(OrgRole.Member, after.Target!.Role);
    }
}

public sealed class SqliteLostRow(SqliteStoreFixture fixture) : LostRowTests<SqliteStoreFixture>(fixture);

public sealed class PostgresLostRow(PostgresStoreFixture fixture) : LostRowTests<PostgresStoreFixture>(fixture);
