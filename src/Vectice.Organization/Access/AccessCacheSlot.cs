using System.Collections.Concurrent;

namespace Vectice.Organization;

/// <summary>
/// One organization's cached memberships and settings, at one version, and an invalidation count.
/// A fill keeps what it read only if no invalidation came between its start and its end, and only if
/// what it read is not older than what is cached: the cache never goes back in time.
/// </summary>
internal sealed class AccessCacheSlot
{
    private long _invalidations;
    private Entry? _entry;

    /// <summary>Read before a fill reads the store; the fill is kept only if this has not moved.</summary>
    public long Invalidations => Volatile.Read(ref _invalidations);

    /// <summary>The member's cached access, if it was verified no longer than <paramref name="maxStaleness"/> ago.</summary>
    public bool TryGet(UserId userId, TimeProvider time, TimeSpan maxStaleness, out MemberAccess? access)
    {
        access = null;
        return Volatile.Read(ref _entry) is { } entry
            && time.GetElapsedTime(Volatile.Read(ref entry.VerifiedAt)) <= maxStaleness
            && entry.Members.TryGetValue(userId, out access);
    }

    /// <summary>Drops everything cached; fills in flight will not keep what they read.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _invalidations);
        Volatile.Write(ref _entry, null);
    }

    /// <summary>Keeps what a fill read at <paramref name="version"/>, unless the cache moved on meanwhile.</summary>
    public void Offer(long invalidationsAtStart, long version, long readAt, UserId userId, MemberAccess? access)
    {
        while (true)
        {
            var current = Volatile.Read(ref _entry);
            Entry target;
            if (current is not null && current.Version == version)
            {
                target = current;
            }
            else if (current is null || current.Version < version)
            {
                target = new Entry(version, readAt);
                if (Interlocked.CompareExchange(ref _entry, target, current) != current)
                {
                    continue;
                }
            }
            else
            {
                return;
            }

            // The same version is the same state: a fill of another member re-verifies the whole entry.
            target.Members[userId] = access;
            long verified;
            while ((verified = Volatile.Read(ref target.VerifiedAt)) < readAt
                && Interlocked.CompareExchange(ref target.VerifiedAt, readAt, verified) != verified)
            {
            }

            // Checked after writing, as Invalidate writes in the other order: one of the two sees the other.
            if (Invalidations != invalidationsAtStart)
            {
                Interlocked.CompareExchange(ref _entry, null, target);
            }

            return;
        }
    }

    private sealed class Entry(long version, long verifiedAt)
    {
        public readonly ConcurrentDictionary<UserId, MemberAccess?> Members = new();
        public readonly long Version = version;
        public long VerifiedAt = verifiedAt;
    }
}
