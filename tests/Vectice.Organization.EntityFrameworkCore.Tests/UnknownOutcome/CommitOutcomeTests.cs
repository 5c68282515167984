using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Vectice.Organization.EntityFrameworkCore.Tests.Faults;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using Vectice.Organization.Stores;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.SeededOrganization;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>
/// A write whose connection is lost at its COMMIT is reported as the database decided it: when the
/// server committed, as done, once, with its observers told; when it did not, retried and then done,
/// once. Each write of <see cref="FaultOperations"/> is compared with an identically seeded twin on
/// which it ran without the loss: outcome, what the observers were told, and the whole organization.
/// </summary>
public abstract class CommitOutcomeTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    protected TFixture Fixture => fixture;

    [SkippableTheory]
    [MemberData(nameof(FaultOperations.AtEveryConnectionLoss), MemberType = typeof(FaultOperations))]
    public async Task A_write_whose_connection_is_lost_at_commit_is_reported_as_the_database_decided(string operation, LostAt at)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var twins = await Twins.PrepareAsync(fixture, operation);
        var outcome = await twins.RunOnTwinAsync();

        await using (var loss = LoseConnection(at))
        {
            Assert.Equal(outcome, await twins.RunOnSubjectAsync(StoreOver(loss.Context)));
            Assert.True(loss.Happened, "The connection was never lost.");

            // Committed: read back, not written again. Rolled back: written once more.
            Assert.Equal(at == LostAt.BeforeCommit ? 2 : 1, loss.CommitsSent);
        }

        await twins.AssertSubjectEndedAsTwinAsync();
    }

    /// <summary>
    /// The request committed, and another Admin cancelled the new change before the requester's store read
    /// back: the change is the request's own (a fresh id), so it was written, and is not requested again.
    /// </summary>
    [SkippableFact]
    public async Task A_request_cancelled_by_another_admin_before_its_lost_commit_is_read_back_is_not_requested_again()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var org = await SeededOrganization.CreateAsync(fixture);
        var faults = new FaultInjector(FaultPoint.AfterCommit, () =>
        {
            org.InScopeAsync(async services =>
            {
                var open = (await services.Store.ListPendingChangesAsync(org.Id, new PendingChangeQuery(), CancellationToken.None)).Items.Single();
                (await services.RoleChanges.CancelAsync(Alan, open.Id)).GetValueOrThrow();
                return true;
            }).GetAwaiter().GetResult();
            return new LostConnectionException();
        });

        await using (var context = fixture.CreateContext(faults))
        {
            var requested = await org.On(StoreOver(context)).RoleChanges.RequestAsync(Ada, org.Id, Grace, OrgRole.Admin);
            Assert.True(requested.IsSuccess, requested.Refusal?.Reason);
        }

        Assert.True(faults.Fired);
        Assert.Equal(1, faults.CommitsAttempted);
        Assert.Empty(await org.InScopeAsync(async services => (await services.Store.ListPendingChangesAsync(org.Id, new PendingChangeQuery(), CancellationToken.None)).Items));
    }

    [SkippableTheory]
    [InlineData(LostAt.BeforeCommit)]
    [InlineData(LostAt.AfterCommitAnswered)]
    public async Task Creating_an_organization_whose_connection_is_lost_at_commit_is_reported_as_the_database_decided(LostAt at)
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var id = new OrganizationId($"created-{Guid.NewGuid():N}");
        var observer = new RecordingObserver();
        Exception? error;
        await using (var loss = LoseConnection(at))
        {
            var services = new OrganizationServices(StoreOver(loss.Context), id, new FakeTimeProvider(), observer);
            error = await Record.ExceptionAsync(async () =>
                Assert.True((await services.Provisioning.CreateOrganizationAsync(id, "Created", new User(Ada, "ada@example.com", "Ada"))).IsSuccess));
            Assert.True(loss.Happened, "The connection was never lost.");
        }

        await using var scope = fixture.OpenScope();
        var founder = await scope.Store.FindMembershipAsync(id, Ada, CancellationToken.None);
        if (at == LostAt.AfterCommitAnswered)
        {
            Assert.Null(error);
            Assert.Equal(AuditAction.OrganizationCreated, Assert.Single(observer.Told).Action);
            Assert.Equal(OrgRole.Admin, founder?.Role);
        }
        else
        {
            // Nothing was written, and nothing conflicted: the failure itself, not "already exists".
            Assert.True(Exceptions.Chain(error).Any(e => e is DbException { IsTransient: true }), $"Expected the lost connection, got {error}");
            Assert.Empty(observer.Told);
            Assert.Null(founder);
        }
    }

    [SkippableFact]
    public async Task A_commit_whose_outcome_cannot_be_read_back_throws_rather_than_guess()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var subject = await SeededOrganization.CreateAsync(fixture);
        var change = await subject.InScopeAsync(FaultOperations.Named("confirm").PrepareAsync);
        var observer = new RecordingObserver();

        // The connection is lost once COMMIT has returned, and the database stays out of reach.
        var unreachable = new FaultInjector(FaultPoint.AfterCommit, () => new LostConnectionException()) { FailCommandsAfterFiring = true };
        await using var context = fixture.CreateContext(unreachable);
        var error = await Record.ExceptionAsync(async () => await subject.On(StoreOver(context), observer).RoleChanges.ConfirmAsync(Ada, change!.Value));

        var unknown = Assert.IsType<DbUpdateException>(error);
        Assert.Contains("may or may not have been saved", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(observer.Told);
    }

    [SkippableFact]
    public async Task Inside_a_transaction_of_the_hosts_a_provider_error_is_thrown_to_the_host_as_it_is()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        var subject = await SeededOrganization.CreateAsync(fixture);
        var change = await subject.InScopeAsync(FaultOperations.Named("confirm").PrepareAsync);

        // The host's transaction commits nothing until the host commits it: there is no outcome to read back, nor a write to retry.
        await using var context = fixture.CreateContext(new FaultInjector(FaultPoint.BeforeWrites, () => new LostConnectionException()));
        await using var transaction = await context.Database.BeginTransactionAsync();
        var error = await Record.ExceptionAsync(async () => await subject.On(StoreOver(context)).RoleChanges.ConfirmAsync(Ada, change!.Value));

        Assert.IsType<LostConnectionException>(error);
    }

    protected abstract ConnectionLoss LoseConnection(LostAt at);

    protected static EntityFrameworkOrganizationStore<OrganizationDbContext> StoreOver(OrganizationDbContext context) => new(context);
}

public sealed class SqliteCommitOutcome(SqliteStoreFixture fixture) : CommitOutcomeTests<SqliteStoreFixture>(fixture)
{
    protected override ConnectionLoss LoseConnection(LostAt at) => new InjectedLoss(Fixture, at);
}
