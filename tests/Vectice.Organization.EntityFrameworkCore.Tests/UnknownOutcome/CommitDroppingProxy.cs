using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>
/// A TCP proxy between Npgsql and PostgreSQL that, once armed, loses the connection at the next
/// COMMIT it relays (<see cref="LostAt"/>). Npgsql sends COMMIT as a simple query ('Q', "COMMIT");
/// <see cref="ClientConnectionString"/> turns TLS and GSS encryption off, so that the proxy can read
/// the protocol, and pooling off, so that a broken connection is never reused.
/// </summary>
public sealed class CommitDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly NpgsqlConnectionStringBuilder _server;
    private readonly ConcurrentBag<Relay> _relays = [];
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

    private LostAt? Disarm() => Interlocked.Exchange(ref _armed, 0) is var armed and > 0 ? (LostAt)(armed - 1) : null;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                var server = new TcpClient();
                await server.ConnectAsync(_server.Host!, _server.Port);
                var relay = new Relay(this, client, server);
                _relays.Add(relay);
                relay.Start();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener stopped.
        }
    }

    /// <summary>One client connection and its server connection, relayed message by message towards the server.</summary>
    private sealed class Relay(CommitDroppingProxy proxy, TcpClient client, TcpClient server)
    {
        private const int SslRequest = 80877103;
        private const int GssEncRequest = 80877104;
        private static readonly byte[] Commit = "COMMIT\0"u8.ToArray();

        private readonly Socket _serverSocket = server.Client; // TcpClient forgets it once closed.
        private Task _running = Task.CompletedTask;
        private volatile bool _hidingAnswer;
        private volatile bool _lost;

        public void Start() => _running = RunAsync();

        public async Task CloseAsync()
        {
            client.Close();
            server.Close();
            await _running;
        }

        private async Task RunAsync()
        {
            var up = Quietly(ClientToServerAsync());
            var down = Quietly(ServerToClientAsync());
            if (await Task.WhenAny(up, down) == up)
            {
                // The client left (or was dropped): the server sees the end of its input and ends the session.
                EndServerInput();
            }
            else
            {
                client.Close();
            }

            await Task.WhenAll(up, down);
            client.Close();
            server.Close();
        }

        private async Task ClientToServerAsync()
        {
            var (from, to) = (client.GetStream(), server.GetStream());

            // Startup: messages without a type byte; a TLS or GSS request (refused by the server) comes before the startup message.
            byte[] message;
            do
            {
                message = await ReadAsync(from, typed: false);
                await to.WriteAsync(message);
            }
            while (BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(4)) is SslRequest or GssEncRequest);

            while (true)
            {
                message = await ReadAsync(from, typed: true);
                if (message[0] == (byte)'Q' && message.AsSpan(5).SequenceEqual(Commit))
                {
                    Interlocked.Increment(ref proxy._commits);
                    switch (proxy.Disarm())
                    {
                        case LostAt.BeforeCommit:
                            Lose();
                            return;
                        case LostAt.AfterCommitSent:
                            await to.WriteAsync(message);
                            Lose();
                            return;
                        case LostAt.AfterCommitAnswered:
                            _hidingAnswer = true;
                            break;
                    }
                }

                await to.WriteAsync(message);
            }
        }

        private async Task ServerToClientAsync()
        {
            var (from, to) = (server.GetStream(), client.GetStream());
            var buffer = new byte[8192];
            var answer = new List<byte>();
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                if (_lost)
                {
                    continue;
                }

                if (!_hidingAnswer)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read));
                    continue;
                }

                // The answer to COMMIT ends with ReadyForQuery: 'Z', length 5, the transaction status.
                answer.AddRange(buffer.AsSpan(0, read));
                if (answer.Count >= 6 && answer[^6] == (byte)'Z' && answer[^2] == 5)
                {
                    Lose();
                }
            }
        }

        private void Lose()
        {
            _lost = true;
            Volatile.Write(ref proxy._dropped, 1);
            client.Close();
            EndServerInput();
        }

        // A FIN after what was relayed, not a reset: the server reads a COMMIT already sent before it sees the end.
        private void EndServerInput()
        {
            try
            {
                _serverSocket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }

        private static async Task<byte[]> ReadAsync(Stream stream, bool typed)
        {
            var header = new byte[typed ? 5 : 4];
            await stream.ReadExactlyAsync(header);
            var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(typed ? 1 : 0));
            var message = new byte[header.Length + length - 4];
            header.CopyTo(message, 0);
            await stream.ReadExactlyAsync(message.AsMemory(header.Length));
            return message;
        }

        private static async Task Quietly(Task pump)
        {
            try
            {
                await pump;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // The other side went away.
            }
        }
    }
}
