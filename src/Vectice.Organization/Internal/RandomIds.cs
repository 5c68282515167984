using System.Security.Cryptography;

namespace Vectice.Organization.Internal;

/// <summary>
/// Version 4 GUIDs from the operating system's cryptographic generator, drawn 256 at a time per
/// thread: <see cref="Guid.NewGuid"/> asks the kernel for every single one, which costs more than
/// the rest of a whole in-memory request.
/// </summary>
internal static class RandomIds
{
    private const int Batch = 256;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_next;

    public static Guid Next()
    {
        var buffer = t_buffer ??= new byte[Batch * 16];
        if (t_next == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        Span<byte> bytes = buffer.AsSpan(t_next * 16, 16);
        t_next = (t_next + 1) % Batch;

        // RFC 9562 layout, big-endian: version 4 in the high nibble of byte 6, variant 10 in byte 8.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var id = new Guid(bytes, bigEndian: true);

        // Used bytes are wiped so that no id outlives its use in memory beyond the Guid itself.
        bytes.Clear();
        return id;
    }
}
