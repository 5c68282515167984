using Microsoft.Data.Sqlite;
using Npgsql;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// The queue's own bookkeeping, without a database: one writer at a time holds an organization's turn,
/// the turn is gone once its last writer has left however writers come and go, a database's
/// organizations do not share turns with another database's of the same id (a SQLite database's organizations share
/// one, as they share its write lock), and a release hands the
/// thread on only to a writer that holds or awaits the turn, from a thread-pool worker with no context or
/// scheduler of its own, unless the switch turns that off.
/// </summary>
public sealed class OrganizationWriteQueueTurnTests : IDisposable
{
    private static readonly TimeSpan NoLimit = Timeout.InfiniteTimeSpan;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _database = new($"Data Source=queue-{Guid.NewGuid():N}.db");

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Writers_that_come_and_go_never_hold_one_organizations_turn_together()
    {
        const int Writers = 8;
        const int TurnsEach = 20_000;
        var organization = $"turns-{Guid.NewGuid():N}";
        var (inside, overlaps) = (0, 0);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < TurnsEach; i++)
            {
                using (await EnterAsync(organization))
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    // Most turns end at once, so that turns are often left empty and removed while others arrive.
                    if (i % 16 == 0)
                    {
                        await Task.Yield();
                    }

                    Interlocked.Decrement(ref inside);
                }
            }
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, overlaps);
        Assert.Null(Writing(organization));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_writer_that_stops_waiting_before_its_turn_does_not_get_it_and_leaves_the_queue(bool cancelled)
    {
        var organization = $"stopped-{Guid.NewGuid():N}";
        var first = await EnterAsync(organization);
        using var cancellation = new CancellationTokenSource();
        var second = OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, cancelled ? NoLimit : TimeSpan.FromMilliseconds(1), cancellation.Token).AsTask();
        if (cancelled)
        {
            await cancellation.CancelAsync();
        }

        var stopped = await Record.ExceptionAsync(() => second);

        if (cancelled)
        {
            Assert.IsAssignableFrom<OperationCanceledException>(stopped);
        }
        else
        {
            Assert.Contains(organization, Assert.IsType<TimeoutException>(stopped).Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, Writing(organization));
        first.Dispose();
        Assert.Null(Writing(organization));
    }

    [Fact]
    public async Task A_claimed_turn_lets_a_write_nested_in_its_flow_in_until_it_is_released()
    {
        var organization = $"claimed-{Guid.NewGuid():N}";
        var hold = await EnterAsync(organization);
        hold.Claim();

        var nested = await OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, TimeSpan.FromMilliseconds(1), CancellationToken.None);
        Assert.Equal(1, Writing(organization));
        nested.Dispose();
        hold.Dispose();
        hold.Dispose();

        // Another writer takes the turn (its task captures this flow's claim, released: it queues as any writer).
        var next = await Task.Run(() => EnterAsync(organization));
        var stale = await Record.ExceptionAsync(() => OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, TimeSpan.FromMilliseconds(1), CancellationToken.None).AsTask());
        Assert.IsType<TimeoutException>(stale);
        next.Dispose();
        Assert.Null(Writing(organization));
    }

    [Fact]
    public async Task A_release_on_a_pool_thread_hands_on_only_when_another_writer_holds_or_awaits_the_turn()
    {
        var (organization, first, second) = await OneInTurnOneWaitingAsync("hand-off");

        Assert.True(await Task.Run(() => first.Release()));
        Assert.False(await Task.Run(() => first.Release()));
        var secondHold = await second.WaitAsync(Patience);
        Assert.False(await Task.Run(() => secondHold.Release()));
        Assert.False(await Task.Run(() => OrganizationWriteQueue.Hold.Nested.Release()));
        Assert.Null(Writing(organization));
    }

    [Fact]
    public async Task A_release_does_not_hand_on_from_a_thread_of_its_own_nor_under_a_context_or_scheduler_of_its_own()
    {
        var (organization, first, second) = await OneInTurnOneWaitingAsync("hand-off-where");

        // A thread of its own (a UI's, a console's), where the writer let in was queued on the pool's global queue.
        Assert.False(await Task.Factory.StartNew(() => first.Release(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        var secondHold = await second.WaitAsync(Patience);
        var third = EnterAsync(organization);
        Assert.False(await Task.Run(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());
            try
            {
                return secondHold.Release();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(null);
            }
        }));
        var thirdHold = await third.WaitAsync(Patience);
        var fourth = EnterAsync(organization);
        Assert.False(await Task.Factory.StartNew(() => thirdHold.Release(), CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler));
        (await fourth.WaitAsync(Patience)).Dispose();
        Assert.Null(Writing(organization));
    }

    [Fact]
    public async Task The_hand_off_is_turned_off_by_the_switch_the_docs_and_the_contention_program_name()
    {
        var (organization, first, second) = await OneInTurnOneWaitingAsync("hand-off-switch");

        AppContext.SetSwitch(OrganizationWriteQueue.DisableHandOffSwitch, true);
        try
        {
            Assert.False(await Task.Run(() => first.Release()));
        }
        finally
        {
            AppContext.SetSwitch(OrganizationWriteQueue.DisableHandOffSwitch, false);
        }

        var secondHold = await second.WaitAsync(Patience);
        var third = EnterAsync(organization);
        Assert.True(await Task.Run(() => secondHold.Release()));
        (await third.WaitAsync(Patience)).Dispose();
        foreach (var file in new[] { "docs/entity-framework-core.md", "benchmarks/Vectice.Organization.Contention/Program.cs" })
        {
            Assert.Contains(OrganizationWriteQueue.DisableHandOffSwitch, await File.ReadAllTextAsync(RepositoryFiles.Path(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Organizations_of_one_id_in_two_databases_do_not_wait_for_each_other_but_connections_to_one_database_do()
    {
        var organization = $"two-databases-{Guid.NewGuid():N}";
        using var other = new SqliteConnection($"Data Source=queue-{Guid.NewGuid():N}.db");
        using var sameDatabase = new SqliteConnection(_database.ConnectionString);
        var first = await EnterAsync(organization);

        var elsewhere = await OrganizationWriteQueue.EnterAsync(other, organization, sqlite: false, NoLimit, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var behind = OrganizationWriteQueue.EnterAsync(sameDatabase, organization, sqlite: false, NoLimit, CancellationToken.None).AsTask();

        Assert.False(behind.IsCompleted);
        elsewhere.Dispose();
        first.Dispose();
        (await behind.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        Assert.Null(Writing(organization));
        Assert.Null(OrganizationWriteQueue.Writing(other, organization, sqlite: false));
    }

    [Fact]
    public async Task The_organizations_of_a_SQLite_database_share_its_turn_and_those_of_a_PostgreSQL_database_do_not()
    {
        using var postgres = new NpgsqlConnection($"Host=localhost;Database=queue-{Guid.NewGuid():N}");
        var (one, another) = ($"one-{Guid.NewGuid():N}", $"another-{Guid.NewGuid():N}");
        var first = await EnterAsync(one, sqlite: true);
        var firstOnPostgres = await OrganizationWriteQueue.EnterAsync(postgres, one, sqlite: false, NoLimit, CancellationToken.None);

        var behind = EnterAsync(another, sqlite: true);
        var beside = OrganizationWriteQueue.EnterAsync(postgres, another, sqlite: false, NoLimit, CancellationToken.None).AsTask();

        // A free turn is entered at once: no wait to bound.
        Assert.True(beside.IsCompletedSuccessfully);
        Assert.False(behind.IsCompleted);
        Assert.Equal(2, Writing(another, sqlite: true));
        Assert.Equal(1, OrganizationWriteQueue.Writing(postgres, another, sqlite: false));
        first.Dispose();
        (await behind.WaitAsync(Patience)).Dispose();
        (await beside).Dispose();
        firstOnPostgres.Dispose();
        Assert.Null(Writing(one, sqlite: true));
        Assert.Null(OrganizationWriteQueue.Writing(postgres, one, sqlite: false));
    }

    [Fact]
    public async Task A_write_of_another_organization_nested_in_a_SQLite_databases_turn_does_not_wait_for_it()
    {
        var hold = await EnterAsync($"outer-{Guid.NewGuid():N}", sqlite: true);
        hold.Claim();

        var nested = await OrganizationWriteQueue.EnterAsync(_database, $"inner-{Guid.NewGuid():N}", sqlite: true, TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.Same(OrganizationWriteQueue.Hold.Nested, nested);
        Assert.Equal(1, Writing("any", sqlite: true));
        hold.Dispose();
        Assert.Null(Writing("any", sqlite: true));
    }

    [Fact]
    public async Task A_SQLite_file_has_one_turn_whether_its_connection_is_open_or_not()
    {
        var organization = $"opened-{Guid.NewGuid():N}";
        using var opened = new SqliteConnection(_database.ConnectionString);
        opened.Open();
        try
        {
            Assert.NotEqual(_database.DataSource, opened.DataSource);
            var first = await EnterAsync(organization, sqlite: true);

            var behind = OrganizationWriteQueue.EnterAsync(opened, organization, sqlite: true, NoLimit, CancellationToken.None).AsTask();

            Assert.False(behind.IsCompleted);
            Assert.Equal(2, OrganizationWriteQueue.Writing(opened, organization, sqlite: true));
            var here = Directory.GetCurrentDirectory();
            using var spelledOtherwise = new SqliteConnection($"Data Source={Path.Combine(here, "..", Path.GetFileName(here), _database.DataSource)}");
            Assert.Equal(2, OrganizationWriteQueue.Writing(spelledOtherwise, organization, sqlite: true));
            first.Dispose();
            (await behind.WaitAsync(Patience)).Dispose();
            Assert.Null(Writing(organization, sqlite: true));
        }
        finally
        {
            var file = opened.DataSource;
            opened.Close();
            SqliteConnection.ClearPool(opened);
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Two_open_connections_to_databases_in_memory_do_not_share_a_turn()
    {
        using var one = new SqliteConnection("Data Source=:memory:");
        using var another = new SqliteConnection("Data Source=:memory:");
        one.Open();
        another.Open();
        Assert.Equal(one.DataSource, another.DataSource);
        var first = await OrganizationWriteQueue.EnterAsync(one, "memory", sqlite: true, NoLimit, CancellationToken.None);

        var beside = OrganizationWriteQueue.EnterAsync(another, "memory", sqlite: true, NoLimit, CancellationToken.None).AsTask();

        Assert.True(beside.IsCompletedSuccessfully);
        Assert.Equal(1, OrganizationWriteQueue.Writing(one, "memory", sqlite: true));
        (await beside).Dispose();
        first.Dispose();
        Assert.Null(OrganizationWriteQueue.Writing(one, "memory", sqlite: true));
    }

    [Fact]
    public async Task A_transaction_handed_on_with_the_turn_is_the_next_holders_alone()
    {
        var (organization, first, second) = await OneInTurnOneWaitingAsync("hand-on");
        await WaitingAsync(organization, 1);
        var shared = Shared();

        Assert.True(first.OthersWaiting);
        Assert.True(first.HandOn(shared));

        using var next = await second.WaitAsync(Patience);
        Assert.Same(shared, next.TakeShared());
        Assert.Null(next.TakeShared());
        Assert.False(next.OthersWaiting);
    }

    [Fact]
    public async Task A_transaction_handed_on_when_the_writer_waiting_gave_up_is_taken_back()
    {
        var organization = $"hand-on-back-{Guid.NewGuid():N}";
        var first = await EnterAsync(organization);
        using var cancellation = new CancellationTokenSource();
        var gaveUp = OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, NoLimit, cancellation.Token).AsTask();
        await WaitingAsync(organization, 1);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp.WaitAsync(Patience));

        // No writer takes the turn: the transaction is the caller's to end, and the next writer finds none.
        Assert.False(first.HandOn(Shared()));
        Assert.Null(Writing(organization));
        using var later = await EnterAsync(organization);
        Assert.Null(later.TakeShared());
    }

    [Fact]
    public void A_writer_takes_back_only_the_transaction_it_handed_on()
    {
        // A writer that handed a transaction on looks for it once it has left the turn. Were it slow to look, the next
        // writer could take that transaction and commit it, and a later writer hand on one of its own to a writer that
        // then gave up: that one is its own writer's to take back and end, and the slow writer must leave it.
        var turn = new OrganizationWriteQueue.Turn();
        var (earlier, later) = (Shared(), Shared());
        turn.Shared = later;

        Assert.False(turn.TakeBack(earlier));
        Assert.Same(later, turn.Shared);

        // Nor while another writer holds the turn, whose to take it is.
        turn.Gate.Wait();
        Assert.False(turn.TakeBack(later));
        turn.Gate.Release();

        Assert.True(turn.TakeBack(later));
        Assert.Null(turn.Shared);
        Assert.False(turn.TakeBack(later));
    }

    // A transaction to hand on; the queue only passes it along, and never reads it.
    private static SharedTransaction Shared() => new(null!, null!, null);

    private async Task WaitingAsync(string organization, int writers)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (OrganizationWriteQueue.Waiting(_database, organization, sqlite: false) != writers)
        {
            await Task.Delay(1, patience.Token);
        }
    }

    // A first writer in the turn of a new organization, and a second one waiting behind it.
    private async Task<(string Organization, OrganizationWriteQueue.Hold First, Task<OrganizationWriteQueue.Hold> Second)> OneInTurnOneWaitingAsync(string name)
    {
        var organization = $"{name}-{Guid.NewGuid():N}";
        var first = await EnterAsync(organization);
        return (organization, first, EnterAsync(organization));
    }

    // A writer of this test's database entering the organization's turn (as on SQLite: the database's), with no limit on its wait.
    private Task<OrganizationWriteQueue.Hold> EnterAsync(string organization, bool sqlite = false) =>
        OrganizationWriteQueue.EnterAsync(_database, organization, sqlite, NoLimit, CancellationToken.None).AsTask();

    // The writers in or waiting for the organization's turn (as on SQLite: the database's) of this test's database.
    private int? Writing(string organization, bool sqlite = false) => OrganizationWriteQueue.Writing(_database, organization, sqlite);
}
