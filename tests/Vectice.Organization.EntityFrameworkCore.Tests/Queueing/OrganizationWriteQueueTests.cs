using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// Writers of one organization in one process wait for their turn before they open a transaction
/// (<see cref="OrganizationWriteQueue"/>), not on the organization's row lock with a connection each.
/// Each test holds a first writer inside its transaction, at its commit, until the test lets it go.
/// </summary>
public abstract class OrganizationWriteQueueTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EntityFrameworkStoreFixture
{
    /// <summary>A safety net only: each wait below ends as soon as what it waits for has happened.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected TFixture Fixture { get; } = fixture;

    [SkippableFact]
    public Task A_second_writer_of_the_organization_waits_for_its_turn_without_a_connection() =>
        SecondWriterWaitsForItsTurnWithoutAConnectionAsync(ofAnotherOrganization: false);

    [SkippableFact]
    public async Task A_writer_cancelled_while_it_waits_leaves_the_queue_and_writes_nothing()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var held = new HeldCommit();
        await using var provider = Host(Fixture, interceptors: held);
        var (organization, _) = await SeedAndRequestAsync(provider);
        var first = AddMemberAsync(provider, organization, "grace", held);
        try
        {
            await held.Reached.WaitAsync(Patience);
            using var cancellation = new CancellationTokenSource();
            var second = Task.Run(() => AddMemberAsync(provider, organization, "linus", cancellationToken: cancellation.Token));
            await WritingAsync(organization, 2);

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Patience));
            Assert.Equal(1, Writing(organization));
        }
        finally
        {
            // However the test ends, the held write lets go of its lock, which the class's other tests need.
            held.Release();
        }

        await first.WaitAsync(Patience);
        Assert.Null(Writing(organization));
        Assert.Null(await RoleOfAsync(provider, organization, "linus"));
    }

    [SkippableFact]
    public async Task The_turn_is_released_after_a_write_whose_command_failed()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var armed = false;
        var failing = new FailFirstCommand(text => Volatile.Read(ref armed) && text.Contains("INSERT INTO \"VecticeMemberships\"", StringComparison.Ordinal));
        await using var provider = Host(Fixture, interceptors: failing);
        var (organization, _) = await SeedAndRequestAsync(provider);
        Volatile.Write(ref armed, true);

        var failure = await Record.ExceptionAsync(() => AddMemberAsync(provider, organization, "grace"));

        Assert.True(failing.Seen >= 1, $"The command never failed (the write ended with {failure?.GetType().Name ?? "no exception"}).");
        Assert.Null(Writing(organization));
    }

    /// <summary>
    /// Holds a first writer at its commit, then starts a second (of the same organization, or of another) and checks
    /// that it waits in the queue with no connection of its own, then that both write once the first is let go.
    /// </summary>
    protected async Task SecondWriterWaitsForItsTurnWithoutAConnectionAsync(bool ofAnotherOrganization)
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var (held, connections) = (new HeldCommit(), new OpenConnections());
        await using var provider = Host(Fixture, interceptors: [held, connections]);
        var (organization, _) = await SeedAndRequestAsync(provider);
        var other = ofAnotherOrganization ? (await SeedAndRequestAsync(provider)).Organization : organization;
        var first = AddMemberAsync(provider, organization, "grace", held);
        Task second;
        try
        {
            await held.Reached.WaitAsync(Patience);

            // On a flow of its own: on SQLite a writer that did not queue would block this one in the busy handler.
            second = Task.Run(() => AddMemberAsync(provider, other, "linus"));

            // Until it queues, or fails to: opening a connection of its own, or getting through.
            using (var patience = new CancellationTokenSource(Patience))
            {
                while (Writing(other) != 2 && connections.Open == 1 && !second.IsCompleted)
                {
                    await Task.Delay(1, patience.Token);
                }
            }

            Assert.Equal(1, connections.Open);
            Assert.False(second.IsCompleted);
            Assert.Equal(2, Writing(other));
        }
        finally
        {
            held.Release();
        }

        await Task.WhenAll(first, second).WaitAsync(Patience);
        Assert.Equal(1, connections.MostOpen);
        Assert.Null(Writing(organization));
        Assert.Equal(OrgRole.Viewer, await RoleOfAsync(provider, organization, "grace"));
        Assert.Equal(OrgRole.Viewer, await RoleOfAsync(provider, other, "linus"));
    }

    protected static async Task AddMemberAsync(
        ServiceProvider provider, OrganizationId organization, string user, HeldCommit? held = null, CancellationToken cancellationToken = default)
    {
        await using var scope = provider.CreateAsyncScope();
        if (held is not null)
        {
            held.Hold(scope.ServiceProvider.GetRequiredService<OrganizationDbContext>());
        }

        (await scope.ServiceProvider.GetRequiredService<ProvisioningService>()
            .AddMemberAsync(Ada, organization, Person(user), OrgRole.Viewer, cancellationToken)).GetValueOrThrow();
    }

    protected static User Person(string user) => new(new UserId(user), $"{user}@example.com", user);

    protected static Task<OrgRole?> RoleOfAsync(ServiceProvider provider, OrganizationId organization, string user) =>
        HostedDemotion.RoleOfAsync(provider, organization, new UserId(user));

    /// <summary>The writers in the turn of the organization of the fixture's database (on SQLite, the database's) or waiting for it; <see langword="null"/> when it has none.</summary>
    protected int? Writing(OrganizationId organization)
    {
        using var context = Fixture.CreateContext();
        return OrganizationWriteQueue.Writing(context.Database.GetDbConnection(), organization.Value, context.Database.IsSqlite());
    }

    /// <summary>Waits until <paramref name="writers"/> writers hold or await the organization's turn (on SQLite, the database's).</summary>
    protected async Task WritingAsync(OrganizationId organization, int writers)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (Writing(organization) != writers)
        {
            await Task.Delay(1, patience.Token);
        }
    }

    /// <summary>Holds the commit of the one context it is told to, before its statements run, until released.</summary>
    protected sealed class HeldCommit : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private DbContext? _context;

        /// <summary>Completes when the held context's commit has been reached.</summary>
        public Task Reached => _reached.Task;

        public void Hold(DbContext context) => _context = context;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await WaitIfHeldAsync(command, eventData);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await WaitIfHeldAsync(command, eventData);
            return result;
        }

        private async Task WaitIfHeldAsync(DbCommand command, CommandEventData eventData)
        {
            if (_context is not null && ReferenceEquals(eventData.Context, _context) && command.CommandText.Contains("INSERT INTO \"VecticeMemberships\"", StringComparison.Ordinal))
            {
                _context = null;
                _reached.TrySetResult();
                await _released.Task;
            }
        }
    }

    /// <summary>The connections open now, and the most open at once.</summary>
    protected sealed class OpenConnections : DbConnectionInterceptor
    {
        private readonly Lock _gate = new();
        private int _open;
        private int _most;

        public int Open
        {
            get
            {
                lock (_gate)
                {
                    return _open;
                }
            }
        }

        public int MostOpen
        {
            get
            {
                lock (_gate)
                {
                    return _most;
                }
            }
        }

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _most = Math.Max(_most, ++_open);
            }

            return Task.CompletedTask;
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();

        public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            lock (_gate)
            {
                _open--;
            }

            return Task.CompletedTask;
        }

        public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => ConnectionClosedAsync(connection, eventData).GetAwaiter().GetResult();
    }
}

/// <inheritdoc />
public sealed class SqliteOrganizationWriteQueueTests(SqliteStoreFixture fixture) : OrganizationWriteQueueTests<SqliteStoreFixture>(fixture)
{
    /// <summary>
    /// SQLite has one write lock per database, which every organization's writer takes (BEGIN IMMEDIATE): a writer of
    /// another organization waits for the database's turn without a connection, rather than meeting that lock taken.
    /// </summary>
    [SkippableFact]
    public Task A_writer_of_another_organization_of_the_database_waits_for_its_turn_without_a_connection() =>
        SecondWriterWaitsForItsTurnWithoutAConnectionAsync(ofAnotherOrganization: true);
}

/// <inheritdoc />
public sealed class PostgresOrganizationWriteQueueTests(PostgresStoreFixture fixture) : OrganizationWriteQueueTests<PostgresStoreFixture>(fixture)
{
    [SkippableFact]
    public async Task A_writer_of_another_organization_does_not_wait_for_the_first()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        var held = new HeldCommit();
        await using var provider = Host(Fixture, interceptors: held);
        var (organization, _) = await SeedAndRequestAsync(provider);
        var (other, _) = await SeedAndRequestAsync(provider);
        var first = AddMemberAsync(provider, organization, "grace", held);
        try
        {
            await held.Reached.WaitAsync(Patience);

            await AddMemberAsync(provider, other, "linus").WaitAsync(Patience);

            Assert.False(first.IsCompleted);
        }
        finally
        {
            held.Release();
        }

        await first.WaitAsync(Patience);
    }

    /// <summary>
    /// A host's transaction holds the organization's row after the SDK's first call in it; a writer of the
    /// same organization in its own transaction then waits on that row, in its turn. The host's next call
    /// in its transaction does not queue behind that writer, which waits for the host: it would never come.
    /// </summary>
    [SkippableFact]
    public async Task A_call_in_the_hosts_transaction_does_not_wait_behind_a_writer_waiting_for_that_transaction()
    {
        Skip.If(Fixture.SkipReason is not null, Fixture.SkipReason);
        await using var provider = Host(Fixture);
        var (organization, _) = await SeedAndRequestAsync(provider);
        Task waiting;
        await using (var host = provider.CreateAsyncScope())
        {
            await using var transaction = await host.ServiceProvider.GetRequiredService<OrganizationDbContext>().Database.BeginTransactionAsync();
            var provisioning = host.ServiceProvider.GetRequiredService<ProvisioningService>();
            (await provisioning.AddMemberAsync(Ada, organization, Person("grace"), OrgRole.Viewer)).GetValueOrThrow();
            waiting = AddMemberAsync(provider, organization, "linus");
            await WaitingOnRowLockAsync();

            (await provisioning.AddMemberAsync(Ada, organization, Person("mary"), OrgRole.Viewer)
                .AsTask().WaitAsync(Patience)).GetValueOrThrow();
            Assert.False(waiting.IsCompleted);
            await transaction.CommitAsync();
        }

        await waiting.WaitAsync(Patience);
        foreach (var user in (string[])["grace", "linus", "mary"])
        {
            Assert.Equal(OrgRole.Viewer, await RoleOfAsync(provider, organization, user));
        }
    }

    /// <summary>Waits until a session of the fixture's database waits for a lock in the store's row-locking statement (a row's lock is on its holder's transaction, in no database).</summary>
    private async Task WaitingOnRowLockAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                           WHERE NOT l.granted AND a.datname = current_database() AND a.query LIKE '%FOR NO KEY UPDATE%')
            """,
            connection);
        using var patience = new CancellationTokenSource(Patience);
        while (!(bool)(await waiting.ExecuteScalarAsync(patience.Token))!)
        {
            await Task.Delay(1, patience.Token);
        }
    }
}
