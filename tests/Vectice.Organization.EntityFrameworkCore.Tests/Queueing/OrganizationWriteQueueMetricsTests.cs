using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;
using static Vectice.Organization.EntityFrameworkCore.Tests.Fixtures.HostedDemotion;

namespace Vectice.Organization.EntityFrameworkCore.Tests.Queueing;

/// <summary>
/// The queue's metrics (docs/telemetry.md): how long each write of the store's own waited for its
/// organization's turn and how long it held it, on the SDK's meter name; nothing for a write in the
/// host's transaction, which takes no turn. Each test counts only what its own flow records.
/// </summary>
public sealed class OrganizationWriteQueueMetricsTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _database = new($"Data Source=queue-{Guid.NewGuid():N}.db");

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_writer_behind_a_held_turn_records_at_least_the_wait_the_test_saw_and_the_holder_at_least_its_hold()
    {
        using var measured = new TurnMeasurements();
        var organization = $"metrics-{Guid.NewGuid():N}";
        var first = await OrganizationWriteQueue.EnterAsync(_database, organization, Timeout.InfiniteTimeSpan, CancellationToken.None);
        var firstIn = Stopwatch.GetTimestamp();
        var second = OrganizationWriteQueue.EnterAsync(_database, organization, Timeout.InfiniteTimeSpan, CancellationToken.None).AsTask();
        using (var patience = new CancellationTokenSource(Patience))
        {
            while (OrganizationWriteQueue.Waiting(_database, organization) != 1)
            {
                await Task.Delay(1, patience.Token);
            }
        }

        var secondSeenWaiting = Stopwatch.GetTimestamp();
        await Task.Delay(5);
        var firstOut = Stopwatch.GetTimestamp();
        first.Dispose();
        (await second.WaitAsync(Patience)).Dispose();

        Assert.Equal(2, measured.Waits.Count);
        Assert.Equal(2, measured.Held.Count);
        Assert.True(measured.Held[0] >= Seconds(firstIn, firstOut), $"The first writer held the turn at least {Seconds(firstIn, firstOut)} s, recorded {measured.Held[0]} s.");
        Assert.True(measured.Waits[1] >= Seconds(secondSeenWaiting, firstOut), $"The second writer waited at least {Seconds(secondSeenWaiting, firstOut)} s, recorded {measured.Waits[1]} s.");
        Assert.True(measured.Waits[1] > measured.Waits[0], "The writer that waited recorded no longer a wait than the one that did not.");
    }

    [Fact]
    public async Task Each_write_in_a_transaction_of_the_stores_own_records_one_wait_and_one_hold_and_a_write_in_the_hosts_none()
    {
        await using var provider = Host(fixture);
        using var measured = new TurnMeasurements();

        // Three writes of the store's own: the organization, its second Admin, the request.
        var (organization, pending) = await SeedAndRequestAsync(provider);
        Assert.Equal(3, measured.Waits.Count);
        Assert.Equal(3, measured.Held.Count);
        Assert.All(measured.Held, held => Assert.True(held > 0));

        await ConfirmInHostTransactionAsync(provider, organization, pending, transaction => transaction.CommitAsync());
        Assert.Equal(OrgRole.Member, await RoleOfAlanAsync(provider, organization));
        Assert.Equal(3, measured.Waits.Count);
        Assert.Equal(3, measured.Held.Count);
    }

    private static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    /// <summary>The queue's measurements recorded in the flow that created it (other tests record theirs in parallel).</summary>
    private sealed class TurnMeasurements : IDisposable
    {
        private static readonly AsyncLocal<TurnMeasurements?> Flow = new();

        private readonly MeterListener _listener = new();
        private readonly List<double> _waits = [];
        private readonly List<double> _held = [];

        public TurnMeasurements()
        {
            Flow.Value = this;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Vectice.Organization" && instrument.Name.StartsWith("vectice.organization.write_turn.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                if (Flow.Value == this)
                {
                    lock (_waits)
                    {
                        (instrument.Name == "vectice.organization.write_turn.wait" ? _waits : _held).Add(value);
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<double> Waits
        {
            get
            {
                lock (_waits)
                {
                    return [.. _waits];
                }
            }
        }

        public IReadOnlyList<double> Held
        {
            get
            {
                lock (_waits)
                {
                    return [.. _held];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
