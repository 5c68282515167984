using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// The queue's metrics (docs/telemetry.md): how long each write of the store's own waited for its
/// organization's turn (however the wait ended) and how long it held it (its transaction's COMMIT
/// included), in seconds, on the SDK's meter name; nothing for a write in the host's transaction,
/// which takes no turn. Each test counts only what its own flow records; each time is checked against
/// what the test saw of it, never against a clock's budget.
/// </summary>
public sealed class OrganizationWriteQueueMetricsTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NoLimit = Timeout.InfiniteTimeSpan;

    private readonly SqliteConnection _database = new($"Data Source=queue-{Guid.NewGuid():N}.db");

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_writer_behind_a_held_turn_records_its_wait_and_the_holder_its_hold_in_seconds()
    {
        using var measured = new TurnMeasurements();
        var organization = $"metrics-{Guid.NewGuid():N}";
        var beforeFirst = Stopwatch.GetTimestamp();
        var first = await OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, NoLimit, CancellationToken.None);
        var firstIn = Stopwatch.GetTimestamp();
        var second = OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, NoLimit, CancellationToken.None).AsTask();
        Assert.Equal(1, OrganizationWriteQueue.Waiting(_database, organization, sqlite: false));
        var secondWaiting = Stopwatch.GetTimestamp();

        // Some work while the second writer waits, so that what the test sees of its wait is more than nothing.
        Thread.SpinWait(100_000);
        var releasing = Stopwatch.GetTimestamp();
        first.Dispose();
        var firstOut = Stopwatch.GetTimestamp();
        (await second.WaitAsync(Patience)).Dispose();
        var secondOut = Stopwatch.GetTimestamp();

        // Each at least what the test saw of it, and at most the span around the calls that began and ended it.
        Assert.Equal(2, measured.Waits.Count);
        Assert.Equal(2, measured.Held.Count);
        Assert.InRange(measured.Waits[0], 0, Seconds(beforeFirst, firstIn));
        Assert.InRange(measured.Held[0], Seconds(firstIn, releasing), Seconds(beforeFirst, firstOut));
        Assert.InRange(measured.Waits[1], Seconds(secondWaiting, releasing), Seconds(firstIn, secondOut));
        Assert.InRange(measured.Held[1], 0, Seconds(secondWaiting, secondOut));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_wait_that_ends_without_the_turn_is_recorded_too(bool cancelled)
    {
        using var measured = new TurnMeasurements();
        var organization = $"metrics-{Guid.NewGuid():N}";
        var first = await OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, NoLimit, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var second = OrganizationWriteQueue.EnterAsync(_database, organization, sqlite: false, cancelled ? NoLimit : TimeSpan.FromMilliseconds(1), cancellation.Token).AsTask();
        if (cancelled)
        {
            await cancellation.CancelAsync();
        }

        Assert.NotNull(await Record.ExceptionAsync(() => second.WaitAsync(Patience)));
        var ended = Stopwatch.GetTimestamp();
        first.Dispose();

        Assert.Equal(2, measured.Waits.Count);
        Assert.InRange(measured.Waits[1], 0, Seconds(started, ended));
        Assert.Single(measured.Held);
    }

    [Fact]
    public async Task Each_write_in_a_transaction_of_the_stores_own_holds_the_turn_through_its_commit_and_a_write_in_the_hosts_takes_none()
    {
        var transactions = new TransactionTimes();
        await using var provider = Host(fixture, interceptors: transactions);
        using var measured = new TurnMeasurements();

        // Three writes of the store's own: the organization, its second Admin, the request.
        var (organization, pending) = await SeedAndRequestAsync(provider);
        Assert.Equal(3, measured.Waits.Count);
        Assert.Equal(3, measured.Held.Count);
        Assert.Equal(3, transactions.Spans.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(measured.Held[i] >= transactions.Spans[i], $"Write {i} held its turn {measured.Held[i]} s, less than its transaction took from its start to its COMMIT ({transactions.Spans[i]} s).");
        }

        await ConfirmInHostTransactionAsync(provider, organization, pending, transaction => transaction.CommitAsync());
        Assert.Equal(OrgRole.Member, await RoleOfAlanAsync(provider, organization));
        Assert.Equal(3, measured.Waits.Count);
        Assert.Equal(3, measured.Held.Count);
    }

    private static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    /// <summary>Each committed transaction's time from its start to the end of its COMMIT, in seconds, in order.</summary>
    private sealed class TransactionTimes : DbTransactionInterceptor
    {
        private readonly Dictionary<DbTransaction, long> _started = [];
        private readonly List<double> _spans = [];

        public IReadOnlyList<double> Spans
        {
            get
            {
                lock (_spans)
                {
                    return [.. _spans];
                }
            }
        }

        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            lock (_spans)
            {
                _started[result] = Stopwatch.GetTimestamp();
            }

            return ValueTask.FromResult(result);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            var committed = Stopwatch.GetTimestamp();
            lock (_spans)
            {
                if (_started.Remove(transaction, out var started))
                {
                    _spans.Add(Seconds(started, committed));
                }
            }

            return Task.CompletedTask;
        }
    }
}
