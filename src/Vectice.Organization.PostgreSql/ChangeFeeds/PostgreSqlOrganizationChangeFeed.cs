using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Vectice.Organization.ChangeFeeds;
using Vectice.Organization.EntityFrameworkCore;

namespace Vectice.Organization.PostgreSql;

/// <summary>
/// The change feed on PostgreSQL: one connection <c>LISTEN</c>s on
/// <see cref="OrganizationChangeNotification.Channel"/>, which the Entity Framework Core store notifies
/// inside every commit's transaction, and reports each organization at its new version. Every
/// <see cref="PostgreSqlChangeFeedOptions.HeartbeatInterval"/> it notifies a channel of its own and
/// reports a catch-up when that comes back: PostgreSQL delivers notifications in commit order, so
/// every change committed before the heartbeat has been heard by then.
/// </summary>
/// <remarks>
/// A lost connection ends <see cref="RunAsync"/> with its exception; the host's runner drops the
/// cache and runs the feed again with back-off. A connection that hangs stops the heartbeats, so
/// the checks read the store again once the staleness bound has passed.
/// </remarks>
public sealed class PostgreSqlOrganizationChangeFeed : IOrganizationChangeFeed
{
    private readonly string _connectionString;
    private readonly TimeSpan _heartbeatInterval;
    private readonly TimeProvider _time;

    /// <summary>Creates the feed.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock the SDK uses; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlOrganizationChangeFeed(IOptions<PostgreSqlChangeFeedOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        List<string>? failures = null;
        NpgsqlConnectionStringBuilder? builder = null;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value.ConnectionString);
        }
        catch (ArgumentException e)
        {
            (failures ??= []).Add($"{nameof(PostgreSqlChangeFeedOptions)}.{nameof(PostgreSqlChangeFeedOptions.ConnectionString)} is not a valid connection string: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(value.ConnectionString))
        {
            (failures ??= []).Add($"{nameof(PostgreSqlChangeFeedOptions)}.{nameof(PostgreSqlChangeFeedOptions.ConnectionString)} is required.");
        }

        if (value.HeartbeatInterval <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(PostgreSqlChangeFeedOptions)}.{nameof(PostgreSqlChangeFeedOptions.HeartbeatInterval)} must be greater than zero; it is {value.HeartbeatInterval}.");
        }

        if (failures is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgreSqlChangeFeedOptions), failures);
        }

        builder!.Pooling = false;
        builder.ApplicationName ??= value.ApplicationName;

        // A connection that hangs (a network partition) is given up within seconds, not the default 30.
        builder.CommandTimeout = Math.Min(builder.CommandTimeout, 5);
        builder.KeepAlive = builder.KeepAlive == 0 ? 5 : builder.KeepAlive;
        _connectionString = builder.ConnectionString;
        _heartbeatInterval = value.HeartbeatInterval;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is null; thrown by the call, before a task is returned.</exception>
    public Task RunAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return ListenUntilCancelledAsync(sink, cancellationToken);
    }

    private async Task ListenUntilCancelledAsync(IOrganizationChangeSink sink, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = new NpgsqlConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            var listener = new Listener(sink, "vectice_feed_" + Guid.NewGuid().ToString("N"));
            connection.Notification += listener.OnNotification;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"LISTEN {OrganizationChangeNotification.Channel}; LISTEN {listener.HeartbeatChannel}", cancellationToken).ConfigureAwait(false);

            // Only now is every commit heard: what was cached before may have missed one.
            sink.OnGap();
            while (true)
            {
                var sentAt = _time.GetTimestamp();
                var beat = listener.StartHeartbeat(sentAt);
                await ExecuteAsync(connection, $"NOTIFY {listener.HeartbeatChannel}, '{beat}'", cancellationToken).ConfigureAwait(false);
                for (var left = _heartbeatInterval; left > TimeSpan.Zero; left = _heartbeatInterval - _time.GetElapsedTime(sentAt))
                {
                    // Whole milliseconds, at least one: Npgsql reads a timeout of 0 ms as "wait forever".
                    await connection.WaitAsync(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Built from constants, a generated channel name and a number.
        var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Turns notifications into reports. Npgsql raises them on the thread reading the connection,
    /// which is the feed's own loop, so nothing here runs concurrently.
    /// </summary>
    private sealed class Listener(IOrganizationChangeSink sink, string heartbeatChannel)
    {
        private long _beat;
        private long _sentAt;

        public string HeartbeatChannel => heartbeatChannel;

        public long StartHeartbeat(long sentAt)
        {
            _sentAt = sentAt;
            return ++_beat;
        }

        public void OnNotification(object sender, NpgsqlNotificationEventArgs e)
        {
            if (e.Channel == heartbeatChannel)
            {
                if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var beat) && beat == _beat)
                {
                    sink.OnCaughtUp(_sentAt);
                }
            }
            else if (OrganizationChangeNotification.TryParse(e.Payload, out var organizationId, out var version))
            {
                sink.OnChanged(organizationId, version);
            }
            else
            {
                // Not ours to read: whatever changed, nothing cached may outlive it.
                sink.OnGap();
            }
        }
    }
}
