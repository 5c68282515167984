using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>
/// A TCP proxy between Npgsql and PostgreSQL that, once armed, loses the connection at the next
/// COMMIT it relays (<see cref="LostAt"/>). Npgsql sends a transaction's COMMIT as a simple query ('Q',
/// "COMMIT"); the store's own on PostgreSQL goes as the last statement of its commit's batch;
/// <see cref="ClientConnectionString"/> turns TLS and GSS encryption off, so that the proxy can read
/// the protocol, and pooling off, so that a broken connection is never reused.
/// </summary>
public sealed class CommitDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly NpgsqlConnectionStringBuilder _server;
    private readonly ConcurrentBag<ProxyRelay> _relays = [];
    private readonly Task _accepting;
    private int _armed;
    private int _commits;
    private int _dropped;

    /// <summary>Starts the proxy in front of the server that <paramref name="connectionString"/> names.</summary>
    public CommitDroppingProxy(string connectionString)
    {
        _server = new NpgsqlConnectionStringBuilder(connectionString);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The server's connection string, through the proxy.</summary>
    public string ClientConnectionString => new NpgsqlConnectionStringBuilder(_server.ConnectionString)
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        SslMode = SslMode.Disable,
        GssEncryptionMode = GssEncryptionMode.Disable,
        Pooling = false,
    }.ConnectionString;

    /// <summary>COMMITs the clients sent, the lost one included.</summary>
    public int CommitsSeen => Volatile.Read(ref _commits);

    /// <summary>Whether a connection was lost.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) == 1;

    /// <summary>Loses the connection at the next COMMIT, once.</summary>
    public void Arm(LostAt at) => Volatile.Write(ref _armed, (int)at + 1);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        foreach (var relay in _relays)
        {
            await relay.CloseAsync();
        }
    }

    /// <summary>Counts a COMMIT a client sent, and says whether (and when) to lose its connection.</summary>
    internal LostAt? CommitSent()
    {
        Interlocked.Increment(ref _commits);
        return Interlocked.Exchange(ref _armed, 0) is var armed and > 0 ? (LostAt)(armed - 1) : null;
    }

    internal void Lost() => Volatile.Write(ref _dropped, 1);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                var server = new TcpClient();
                await server.ConnectAsync(_server.Host!, _server.Port);
                var relay = new ProxyRelay(this, client, server);
                _relays.Add(relay);
                relay.Start();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener stopped.
        }
    }
}
