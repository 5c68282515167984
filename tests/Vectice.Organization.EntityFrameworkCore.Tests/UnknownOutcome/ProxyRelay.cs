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
    private readonly HashSet<string> _commitStatements = [];
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

        var losingAtSync = false;
        while (true)
        {
            message = await ReadAsync(from, typed: true);
            if (IsCommit(message))
            {
                switch (proxy.CommitSent())
                {
                    case LostAt.BeforeCommit:
                        Lose();
                        return;
                    case LostAt.AfterCommitSent when message[0] == (byte)'Q':
                        await to.WriteAsync(message);
                        Lose();
                        return;
                    case LostAt.AfterCommitSent:
                        // In a batch: the rest of it (COMMIT's Execute, then Sync) reaches the server before the connection ends.
                        losingAtSync = true;
                        break;
                    case LostAt.AfterCommitAnswered:
                        _hidingAnswer = true;
                        break;
                }
            }

            await to.WriteAsync(message);
            if (losingAtSync && message[0] == (byte)'S')
            {
                Lose();
                return;
            }
        }
    }

    // COMMIT as a simple query ('Q'), or as a statement bound to run ('B') in a batch whose last statement it is
    // (PostgreSQL's store commits that way): parsed ('P') as COMMIT under its name, prepared or not.
    private bool IsCommit(byte[] message)
    {
        switch (message[0])
        {
            case (byte)'Q':
                return message.AsSpan(5).SequenceEqual(Commit);
            case (byte)'P':
                var name = CString(message, 5, out var query);
                if (CString(message, query, out _).Trim() == "COMMIT")
                {
                    _commitStatements.Add(name);
                }
                else
                {
                    _commitStatements.Remove(name);
                }

                return false;
            case (byte)'B':
                CString(message, 5, out var statement);
                return _commitStatements.Contains(CString(message, statement, out _));
            default:
                return false;
        }
    }

    private static string CString(byte[] message, int start, out int next)
    {
        var end = Array.IndexOf(message, (byte)0, start);
        next = end + 1;
        return System.Text.Encoding.UTF8.GetString(message, start, end - start);
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
