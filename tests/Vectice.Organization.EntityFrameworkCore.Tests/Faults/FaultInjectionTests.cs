using Microsoft.Extensions.Options;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using Vectice.Organization.Testing;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// A confirm whose commit fails at each point leaves the organization exactly as before or
/// exactly as after, never between: the pending change stays confirmable or is cleanly refused,
/// and no audit entry exists without its change.
/// </summary>
public abstract class FaultInjectionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    private static readonly IOptions<VecticeOrganizationOptions> Options = Microsoft.Extensions.Options.Options.Create(new VecticeOrganizationOptions());
    private static readonly UserId Ada = new("ada");
    private static readonly UserId Grace = new("grace");

    [SkippableTheory]
    [InlineData(FaultPoint.BeforeSaving, false)]
    [InlineData(FaultPoint.AfterCommandsBeforeCommit, false)]
    [InlineData(FaultPoint.AfterCommit, true)]
    public async Task A_failed_confirm_leaves_all_or_nothing(FaultPoint point, bool committed)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = new OrganizationId($"fault-{Guid.NewGuid():N}");
        PendingChange pending;
        await using (var setup = fixture.OpenScope())
        {
            var provisioning = new ProvisioningService(setup.Store, Options);
            await provisioning.CreateOrganizationAsync(org, "Faults", new User(Ada, "ada@example.com", "Ada"));
            await provisioning.AddMemberAsync(Ada, org, new User(Grace, "grace@example.com", "Grace"), OrgRole.Member);
            pending = (await new RoleChangeService(setup.Store, Options).RequestAsync(Ada, org, Grace, OrgRole.Admin)).AsT0;
        }

        var faults = new FaultInjector(point);
        await using (var faulty = fixture.CreateContext(faults))
        {
            var service = new RoleChangeService(new EntityFrameworkOrganizationStore<OrganizationDbContext>(faulty), Options);
            var error = await Record.ExceptionAsync(async () => await service.ConfirmAsync(Ada, pending.Id));
            Assert.True(faults.Fired);
            Assert.True(Chain(error).OfType<InjectedFaultException>().Any(), $"Expected the injected fault, got {error}");
        }

        await using var scope = fixture.OpenScope();
        var state = await StateAsync(scope.Store, org, pending.Id);
        Assert.Equal(committed ? (OrgRole.Admin, PendingChangeStatus.Applied, 1) : (OrgRole.Member, PendingChangeStatus.Pending, 0), state);
        var audit = (await scope.Store.ListAuditEntriesAsync(org, new AuditQuery(), CancellationToken.None)).Items;
        Assert.Equal(committed ? 3 : 2, audit.Count);

        var retry = await new RoleChangeService(scope.Store, Options).ConfirmAsync(Ada, pending.Id);
        if (committed)
        {
            Assert.Equal(new PendingChangeClosed(pending.Id, PendingChangeStatus.Applied), retry.Refusal);
        }
        else
        {
            Assert.True(retry.IsSuccess, retry.Refusal?.Reason);
        }

        Assert.Equal((OrgRole.Admin, PendingChangeStatus.Applied, 1), await StateAsync(scope.Store, org, pending.Id));
    }

    private static async Task<(OrgRole Role, PendingChangeStatus Status, int Audited)> StateAsync(IOrganizationStore store, OrganizationId org, PendingChangeId id)
    {
        var member = await store.FindMembershipAsync(org, Grace, CancellationToken.None);
        var change = await store.FindPendingChangeAsync(id, CancellationToken.None);
        var audit = (await store.ListAuditEntriesAsync(org, new AuditQuery(), CancellationToken.None)).Items;
        return (member!.Role, change!.Status, audit.Count(e => e.PendingChangeId == id));
    }

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}

public sealed class SqliteFaultInjection(SqliteStoreFixture fixture) : FaultInjectionTests<SqliteStoreFixture>(fixture);

public sealed class PostgresFaultInjection(PostgresStoreFixture fixture) : FaultInjectionTests<PostgresStoreFixture>(fixture);
