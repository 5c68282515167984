using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// Each write of <see cref="FaultOperations"/> whose commit fails before saving, after its last write
/// statement (before COMMIT) or after COMMIT leaves its organization exactly as it was, or exactly as
/// the same write without a fault leaves an identically seeded twin: settings, roles, statuses,
/// pending changes and audit, never anything between.
/// </summary>
public abstract class FaultInjectionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    [SkippableTheory]
    [MemberData(nameof(FaultOperations.AtEveryFaultPoint), MemberType = typeof(FaultOperations))]
    public async Task A_commit_failing_at_any_point_leaves_the_organization_wholly_before_or_wholly_after(string operation, FaultPoint point)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var twins = await Twins.PrepareAsync(fixture, operation);
        var before = await twins.Subject.ProjectAsync();
        Assert.Equal(before, await twins.Twin.ProjectAsync());

        // The write without a fault, on the twin: what "wholly after" is, and how many statements the commit writes.
        var writes = new FaultInjector(point: null);
        var outcome = await WithInjectorAsync(writes, twins.RunOnTwinAsync);
        var after = await twins.Twin.ProjectAsync();
        Assert.NotEqual(before, after);
        Assert.True(writes.Writes >= 2, $"A commit writes the version and at least one row; {writes.Writes} write statements seen.");

        var faults = new FaultInjector(point);
        var error = await Record.ExceptionAsync(() => WithInjectorAsync(faults, twins.RunOnSubjectAsync));
        Assert.True(faults.Fired, $"The fault {point} never fired.");
        Assert.True(Exceptions.Chain(error).OfType<InjectedFaultException>().Any(), $"Expected the injected fault, got {error}");
        Assert.Equal(point == FaultPoint.BeforeWrites ? 0 : writes.Writes, faults.WritesBeforeFault);
        Assert.Equal(point == FaultPoint.AfterCommit ? after : before, await twins.Subject.ProjectAsync());

        if (point != FaultPoint.AfterCommit)
        {
            // Nothing was written, so nothing stands in the way of the same write made again.
            Assert.Equal(outcome, await twins.RunOnSubjectAsync());
            await twins.AssertSubjectEndedAsTwinAsync();
        }
    }

    private async Task<string> WithInjectorAsync(FaultInjector injector, Func<IOrganizationStore?, Task<string>> write)
    {
        await using var context = fixture.CreateContext(injector);
        return await write(new EntityFrameworkOrganizationStore<OrganizationDbContext>(context));
    }
}

public sealed class SqliteFaultInjection(SqliteStoreFixture fixture) : FaultInjectionTests<SqliteStoreFixture>(fixture);

public sealed class PostgresFaultInjection(PostgresStoreFixture fixture) : FaultInjectionTests<PostgresStoreFixture>(fixture);
