using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vectice.Organization.EntityFrameworkCore.Tests.ChangeFeed;

/// <summary>
/// A TCP relay in front of PostgreSQL that can go through an outage, as clients see a server restart:
/// every open connection is cut and new ones are refused until the outage ends, on the same port.
/// Unlike restarting the server itself, it touches no other test's connections.
/// </summary>
internal sealed class OutageProxy : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _server;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly int _port;
    private TcpListener _listener;
    private Task _accepting;

    public OutageProxy(string connectionString)
    {
        _server = new NpgsqlConnectionStringBuilder(connectionString);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_listener);
    }

    /// <summary>The server's connection string, through the relay.</summary>
    public string ClientConnectionString => new NpgsqlConnectionStringBuilder(_server.ConnectionString)
    {
        Host = "127.0.0.1",
        Port = _port,
        SslMode = SslMode.Disable,
        GssEncryptionMode = GssEncryptionMode.Disable,
    }.ConnectionString;

    /// <summary>Cuts every connection and refuses new ones.</summary>
    public async Task BeginOutageAsync()
    {
        _listener.Stop();
        await _accepting;
        foreach (var connection in _open.Keys)
        {
            connection.Dispose();
        }

        _open.Clear();
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void EndOutage()
    {
        _listener = new TcpListener(IPAddress.Loopback, _port);
        _listener.Start();
        _accepting = AcceptAsync(_listener);
    }

    public async ValueTask DisposeAsync() => await BeginOutageAsync();

    private async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                var server = new TcpClient();
                await server.ConnectAsync(_server.Host!, _server.Port);
                _open[client] = 0;
                _open[server] = 0;
                _ = PumpAsync(client, server);
                _ = PumpAsync(server, client);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener stopped: the outage began.
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut by the outage, or closed by the other side.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
