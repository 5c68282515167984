using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Faults;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>The commit-outcome tests on PostgreSQL, the connection really lost by a proxy; and a COMMIT still running when it is lost.</summary>
public sealed class PostgresCommitOutcome(PostgresStoreFixture fixture) : CommitOutcomeTests<PostgresStoreFixture>(fixture)
{
    // A deferred trigger runs inside COMMIT, holding the transaction's rows: it waits there while a test holds its organization's advisory lock.
    private const string HoldCommits = """
        CREATE OR REPLACE FUNCTION vectice_test_hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(hashtext(NEW."Id"));
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS vectice_test_hold_commit ON "VecticeOrganizations";
        CREATE CONSTRAINT TRIGGER vectice_test_hold_commit AFTER INSERT OR UPDATE ON "VecticeOrganizations"
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION vectice_test_hold_commit();
        """;

    // A session waiting for a row (or a key) that another transaction holds, not for an advisory lock.
    private const string WaitingForARow = """
        SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                       WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple'))
        """;

    [SkippableFact]
    public async Task A_confirm_whose_commit_still_runs_when_the_connection_is_lost_waits_for_it_and_is_reported_applied_once()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var twins = await Twins.PrepareAsync(Fixture, "confirm");
        var outcome = await twins.RunOnTwinAsync();

        Assert.Equal(outcome, await WhileItsCommitIsHeldAsync(twins.Subject.Id, context => twins.RunOnSubjectAsync(StoreOver(context))));
        await twins.AssertSubjectEndedAsTwinAsync();
    }

    [SkippableFact]
    public async Task Creating_an_organization_whose_commit_still_runs_when_the_connection_is_lost_waits_for_it_and_is_reported_created()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var id = new OrganizationId($"created-{Guid.NewGuid():N}");
        var observer = new RecordingObserver();

        var created = await WhileItsCommitIsHeldAsync(id, async context =>
            await new OrganizationServices(StoreOver(context), id, new FakeTimeProvider(), observer).Provisioning
                .CreateOrganizationAsync(id, "Created", new User(SeededOrganization.Ada, "ada@example.com", "Ada")));

        Assert.True(created.IsSuccess, created.Refusal?.Reason);
        Assert.Equal(AuditAction.OrganizationCreated, Assert.Single(observer.Told).Action);
    }

    protected override ConnectionLoss LoseConnection(LostAt at) => new ProxyLoss(Fixture, at);

    /// <summary>
    /// Runs <paramref name="write"/> over a connection the proxy drops just after sending its COMMIT,
    /// while a trigger holds that COMMIT on the server, and lets it finish only once the store waits
    /// for the rows it holds (or has already answered without waiting).
    /// </summary>
    private async Task<T> WhileItsCommitIsHeldAsync<T>(OrganizationId id, Func<OrganizationDbContext, Task<T>> write)
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var holder = new NpgsqlConnection(Fixture.ConnectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, HoldCommits);
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(hashtext(@id))", id);
        await using var loss = new ProxyLoss(Fixture, LostAt.AfterCommitSent);
        var running = write(loss.Context);
        while (!running.IsCompleted && !(bool)(await ExecuteAsync(holder, WaitingForARow))!)
        {
            await Task.Delay(10, safetyNet.Token);
        }

        await ExecuteAsync(holder, "SELECT pg_advisory_unlock(hashtext(@id))", id);
        var result = await running.WaitAsync(safetyNet.Token);
        Assert.True(loss.Happened, "The connection was never lost.");
        Assert.Equal(1, loss.CommitsSent);
        return result;
    }

    private static async Task<object?> ExecuteAsync(NpgsqlConnection connection, string sql, OrganizationId? id = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } organization)
        {
            command.Parameters.AddWithValue("id", organization.Value);
        }

        return await command.ExecuteScalarAsync();
    }
}
