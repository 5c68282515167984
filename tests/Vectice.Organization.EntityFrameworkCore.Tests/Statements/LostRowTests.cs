using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Statements;

/// <summary>
/// A commit whose version is right but one of whose later rows is not there (or not written: a host's trigger
/// may skip an INSERT) conflicts and writes nothing: counted on the client (SQLite), or checked on the server
/// by each statement, as COMMIT is in the same command there (PostgreSQL).
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

    [SkippableFact]
    public async Task A_request_whose_insert_a_hosts_trigger_skips_is_refused_and_writes_nothing()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var organization = await SeededOrganization.CreateAsync(fixture);
        var trigger = $"skip_{Guid.NewGuid():N}";
        await using (var context = fixture.CreateContext())
        {
            // A BEFORE INSERT trigger that skips the row without an error, as a host's schema may have.
            await context.Database.ExecuteSqlRawAsync(SkippingTrigger(trigger, organization.Id.Value));
        }

        try
        {
            await using var scope = fixture.OpenScope();
            var before = await scope.Store.LoadSnapshotAsync(organization.Id, Ada, Grace, null, CancellationToken.None);

            var requested = await new RoleChangeService(scope.Store, Options.Create(new VecticeOrganizationOptions())).RequestAsync(Ada, organization.Id, Grace, OrgRole.Viewer);

            Assert.IsType<ConcurrencyConflict>(requested.Value);
            var after = await scope.Store.LoadSnapshotAsync(organization.Id, Ada, Grace, null, CancellationToken.None);
            Assert.Equal(before!.Organization.Version, after!.Organization.Version);
        }
        finally
        {
            await using var context = fixture.CreateContext();
            await context.Database.ExecuteSqlRawAsync(DropTrigger(trigger));
        }
    }

    /// <summary>DDL of a trigger named <paramref name="name"/> that skips, without an error, every pending change of <paramref name="organizationId"/> inserted.</summary>
    protected abstract string SkippingTrigger(string name, string organizationId);

    /// <summary>DDL that drops the trigger <see cref="SkippingTrigger"/> made.</summary>
    protected abstract string DropTrigger(string name);
}

public sealed class SqliteLostRow(SqliteStoreFixture fixture) : LostRowTests<SqliteStoreFixture>(fixture)
{
    protected override string SkippingTrigger(string name, string organizationId) =>
        $"CREATE TRIGGER {name} BEFORE INSERT ON \"VecticePendingChanges\" WHEN NEW.\"OrganizationId\" = '{organizationId}' BEGIN SELECT RAISE(IGNORE); END;";

    protected override string DropTrigger(string name) => $"DROP TRIGGER {name};";
}

public sealed class PostgresLostRow(PostgresStoreFixture fixture) : LostRowTests<PostgresStoreFixture>(fixture)
{
    protected override string SkippingTrigger(string name, string organizationId) =>
        $"""
        CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."OrganizationId" = '{organizationId}' THEN RETURN NULL; END IF; RETURN NEW; END $$;
        CREATE TRIGGER {name} BEFORE INSERT ON "VecticePendingChanges" FOR EACH ROW EXECUTE FUNCTION {name}();
        """;

    protected override string DropTrigger(string name) => $"DROP TRIGGER {name} ON \"VecticePendingChanges\"; DROP FUNCTION {name}();";
}
