namespace Vectice.Organization.Tests.Security;

/// <summary>
/// Pending change ids are the capability to confirm: they must be version 4 GUIDs whose 122 free
/// bits look random, neither sequential nor time-ordered. Statistical, with bounds a correct
/// generator misses with a probability far below one in a billion.
/// </summary>
public sealed class PendingChangeIdRandomnessTests
{
    private const int Count = 20_000;

    private static readonly byte[][] Ids = Enumerable.Range(0, Count).Select(_ => Bytes(PendingChangeId.New(new OrganizationId("acme")))).ToArray();

    [Fact]
    public void Every_id_is_a_version_4_rfc_9562_guid_and_none_repeats()
    {
        Assert.All(Ids, b => Assert.Equal((0x40, 0x80), (b[6] & 0xF0, b[8] & 0xC0)));
        Assert.Equal(Count, Ids.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void Each_of_the_122_random_bits_is_set_about_half_the_time()
    {
        for (var bit = 0; bit < 128; bit++)
        {
            if (IsFixed(bit))
            {
                continue;
            }

            var set = Ids.Count(b => (b[bit / 8] & (0x80 >> (bit % 8))) != 0);

            // Binomial(20,000, 1/2): mean 10,000, standard deviation ~71; 9,500..10,500 is beyond 7 deviations.
            Assert.InRange(set, 9_500, 10_500);
        }

        Assert.Equal(122, Enumerable.Range(0, 128).Count(bit => !IsFixed(bit)));
    }

    [Fact]
    public void Ids_in_creation_order_are_not_sorted_nor_close_to_each_other()
    {
        var ascending = Ids.Zip(Ids.Skip(1)).Count(p => p.First.AsSpan().SequenceCompareTo(p.Second) < 0);
        Assert.InRange(ascending, (Count / 2) - 500, (Count / 2) + 500);

        // Consecutive ids share their first 4 bytes about once in 2^32 pairs: a counter or a clock would not.
        Assert.DoesNotContain(Ids.Zip(Ids.Skip(1)), p => p.First.AsSpan(0, 4).SequenceEqual(p.Second.AsSpan(0, 4)));
    }

    private static bool IsFixed(int bit) => bit is >= 48 and < 52 or 64 or 65;

    private static byte[] Bytes(PendingChangeId id)
    {
        var bytes = new byte[16];
        id.Value.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }
}
