namespace Vectice.Organization.Internal;

/// <summary>Raises a shared value to a new one only if that is higher, without a lock.</summary>
internal static class AtomicMax
{
    public static void Raise(ref long location, long value)
    {
        long current;
        while ((current = Volatile.Read(ref location)) < value
            && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}
