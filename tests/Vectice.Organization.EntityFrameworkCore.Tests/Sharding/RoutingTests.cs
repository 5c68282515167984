using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Sharding;

/// <summary>
/// Every statement the store sends for a write (in its own transaction or in the host's), a read, or the
/// read-back that settles a commit whose outcome was lost can go to the one shard that holds its organization,
/// once the tables are distributed by organization id (docs/scaling.md), as <see cref="OrganizationRouting"/>
/// checks it; a statement a commit checks on the server (PostgreSQL) is checked without the CTE around it,
/// which reads no other table.
/// </summary>
public abstract class RoutingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Alan = new("alan");
    private static readonly UserId Grace = new("grace");

    [SkippableFact]
    public async Task Every_statement_of_every_operation_filters_by_the_organization()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var recorder = new CommandRecorder();
        await using var context = fixture.CreateContext(recorder);
        var store = new EntityFrameworkOrganizationStore<OrganizationDbContext>(context);
        var options = Options.Create(new VecticeOrganizationOptions());
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var provisioning = new ProvisioningService(store, options, clock);
        var roleChanges = new RoleChangeService(store, options, clock);
        var settings = new OrganizationSettingsService(store, options, clock);
        var directory = new OrganizationDirectory(store, options);
        var org = new OrganizationId($"routed-{Guid.NewGuid():N}");

        (await provisioning.CreateOrganizationAsync(org, "Routed", new User(Ada, "ada@example.com", "Ada"))).GetValueOrThrow();
        (await provisioning.AddMemberAsync(Ada, org, new User(Alan, "alan@example.com", "Alan"), OrgRole.Admin)).GetValueOrThrow();
        (await provisioning.AddMemberAsync(Ada, org, new User(Grace, "grace@example.com", "Grace"), OrgRole.Member)).GetValueOrThrow();
        var single = (await roleChanges.RequestAsync(Ada, org, Grace, OrgRole.Viewer)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(Ada, single.Id)).GetValueOrThrow();
        var bulk = (await roleChanges.RequestBulkAsync(Ada, org, [Grace], OrgRole.Member)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(Ada, bulk.Id)).GetValueOrThrow();
        var cancelled = (await roleChanges.RequestDeactivationAsync(Ada, org, Grace)).GetValueOrThrow();
        (await roleChanges.CancelAsync(Ada, cancelled.Id)).GetValueOrThrow();
        (await settings.ChangeAsync(Ada, org, new OrganizationSettings(true, false, FourEyesPolicy.AdminGrants))).GetValueOrThrow();
        var weaken = (await settings.RequestChangeAsync(Ada, org, default)).GetValueOrThrow();
        (await roleChanges.ConfirmAsync(Alan, weaken.Id)).GetValueOrThrow();
        (await directory.ListMembersAsync(Ada, org)).GetValueOrThrow();
        (await directory.ListPendingChangesAsync(Ada, org)).GetValueOrThrow();
        (await directory.ListAuditEntriesAsync(Ada, org)).GetValueOrThrow();
        (await directory.FindPendingChangeAsync(Ada, single.Id)).GetValueOrThrow();
        Assert.Single(await store.FindVersionsAsync([org], CancellationToken.None));

        // The directory's filters and its next page, and the store's own lookups.
        var firstPage = (await directory.ListMembersAsync(Ada, org, new MemberQuery { Limit = 1, Role = OrgRole.Admin, Status = MembershipStatus.Active })).GetValueOrThrow();
        Assert.NotNull(firstPage.Next);
        Assert.Single((await directory.ListMembersAsync(Ada, org, new MemberQuery { Limit = 1, After = firstPage.Next })).GetValueOrThrow().Items);
        Assert.NotEmpty((await directory.ListAuditEntriesAsync(Ada, org, new AuditQuery { Target = Grace, Actor = Ada, Action = AuditAction.MemberAdded, Since = clock.GetUtcNow().AddDays(-1), Until = clock.GetUtcNow().AddDays(1) })).GetValueOrThrow().Items);
        Assert.NotNull(await store.FindPendingChangeAsync(single.Id, CancellationToken.None));
        Assert.NotNull(await store.FindMembershipAsync(org, Grace, CancellationToken.None));

        // A stale commit, and the read-back that settles a commit whose outcome was lost: for an organization
        // that exists (its row's lock), and for a new one (its key).
        var organization = (await store.LoadSnapshotAsync(org, Ada, Grace, null, CancellationToken.None))!.Organization;
        Assert.Equal(CommitOutcome.VersionConflict, await store.CommitAsync(new OrganizationCommit { Organization = organization }, CancellationToken.None));
        Assert.Equal((false, false), await CommitReadBack.ReadAsync(context, new OrganizationCommit { Organization = organization with { Version = organization.Version + 1 } }));
        Assert.Equal((false, true), await CommitReadBack.ReadAsync(context, new OrganizationCommit { Organization = organization with { Version = 1 }, AddedPendingChange = single with { Id = PendingChangeId.New(org) } }));

        // The read-back's other markers: the commit's audit entry, the change it closed, the changes it purged.
        var entry = (await directory.ListAuditEntriesAsync(Ada, org)).GetValueOrThrow().Items[0];
        var closed = (await store.FindPendingChangeAsync(single.Id, CancellationToken.None))!;
        Assert.Equal((true, true), await CommitReadBack.ReadAsync(context, new OrganizationCommit { Organization = organization with { Version = 1 }, AuditEntries = [entry] }));
        Assert.Equal((true, true), await CommitReadBack.ReadAsync(context, new OrganizationCommit { Organization = organization with { Version = 1 }, UpdatedPendingChange = closed }));
        Assert.Equal((true, true), await CommitReadBack.ReadAsync(context, new OrganizationCommit { Organization = organization with { Version = 1 }, RemovedPendingChanges = [PendingChangeId.New(org)] }));

        // A request and its confirm in a transaction the host began: the store locks the organization's row in it.
        await using (var host = await context.Database.BeginTransactionAsync())
        {
            var inHost = (await roleChanges.RequestAsync(Ada, org, Grace, OrgRole.Admin)).GetValueOrThrow();
            (await roleChanges.ConfirmAsync(Ada, inHost.Id)).GetValueOrThrow();
            await host.CommitAsync();
        }

        _ = (await roleChanges.RequestAsync(Ada, org, Grace, OrgRole.Viewer)).GetValueOrThrow();
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(6, (await roleChanges.PurgeExpiredAsync(Ada, org)).GetValueOrThrow());
        Assert.Equal(OrgRole.Admin, (await store.FindMembershipAsync(org, Grace, CancellationToken.None))!.Role);

        var statements = recorder.Commands.SelectMany(SqlStatements.Of).Where(OrganizationRouting.Touches).ToList();
        Assert.True(statements.Count > 20, $"Only {statements.Count} statements recorded: the operations above did not reach the database.");
        Assert.All(statements, statement => Assert.True(OrganizationRouting.IsRouted(SqlStatements.Unchecked(statement)), $"Not routable by organization:\n{statement}"));
    }
}

public sealed class SqliteRouting(SqliteStoreFixture fixture) : RoutingTests<SqliteStoreFixture>(fixture);

public sealed class PostgresRouting(PostgresStoreFixture fixture) : RoutingTests<PostgresStoreFixture>(fixture);
