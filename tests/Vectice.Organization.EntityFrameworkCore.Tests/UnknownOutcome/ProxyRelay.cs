using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vectice.Organization.EntityFrameworkCore.Tests.UnknownOutcome;

/// <summary>
/// One client connection of a <see cref="CommitDroppingProxy"/> and its server connection: relayed
/// message by message towards the server (where COMMIT is seen), byte by byte back.
/// </summary>
internal sealed class ProxyRelay(CommitDroppingProxy proxy, TcpClient client, TcpClient server)
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
                switch (proxy.CommitSent())
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
        proxy.Lost();
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
