using System.Collections.Concurrent;
using Vectice.Organization.Internal;

namespace Vectice.Organization;

/// <summary>
/// One organization's cached memberships and settings, at one version, and an invalidation count.
/// A fill keeps what it read only if no invalidation came between its start and its end, and only if
/// what it read is not older than what is cached, nor than what the change feed last reported: the cache
/// never goes back in time. An entry is served only while the invalidation count is the one its fills
/// started at, and while no newer version was reported.
/// </summary>
internal sealed class AccessCacheSlot
{
    private long _invalidations;
    private long _reportedVersion;
    private Entry? _entry;

    /// <summary>Read before a fill reads the store; the fill is kept only if this has not moved.</summary>
    public long Invalidations => Volatile.Read(ref _invalidations);

    /// <summary>
    /// The member's cached access, if it was known current no more than <paramref name="bound"/> before
    /// <paramref name="now"/>: read from the store then, or still cached when the change feed last caught up.
    /// </summary>
    /// <param name="userId">The member.</param>
    /// <param name="now">Now, in the access clock's units.</param>
    /// <param name="bound">The staleness bound, in the same units.</param>
    /// <param name="feedCaughtUpAt">
    /// When the feed last caught up; read by the caller before this reads the entry, so that an entry
    /// the feed's reports dropped is never paired with the catch-up that followed them.
    /// </param>
    /// <param name="access">The member's access; <see langword="null"/> for a non-member.</param>
    public bool TryGet(UserId userId, long now, long bound, long feedCaughtUpAt, out MemberAccess? access)
    {
        access = null;
        return Volatile.Read(ref _entry) is { } entry
            && entry.Epoch == Invalidations
            && entry.Version >= Volatile.Read(ref _reportedVersion)
            && now - Math.Max(Volatile.Read(ref entry.VerifiedAt), feedCaughtUpAt) <= bound
            && entry.Members.TryGetValue(userId, out access);
    }

    /// <summary>
    /// The change feed's report that the organization is at <paramref name="version"/>: drops the entry
    /// unless it is at that version or later. A fill in flight that read an older version keeps nothing; one
    /// that read this version or a later one is kept, however often a feed reports a version it already did.
    /// </summary>
    /// <remarks>
    /// <see cref="long.MaxValue"/>, a feed's report of an organization its store did not find, drops
    /// everything and fills in flight but is not kept: no version could ever reach it, and the organization
    /// may be there at the next read (created meanwhile, or left out by a store that routes its reads).
    /// </remarks>
    public void OnChanged(long version)
    {
        if (version == long.MaxValue)
        {
            Invalidate();
            return;
        }

        AtomicMax.Raise(ref _reportedVersion, version);
        if (Volatile.Read(ref _entry) is { } entry && entry.Version < version)
        {
            Invalidate();
        }
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
            if (Invalidations != invalidationsAtStart || version < Volatile.Read(ref _reportedVersion))
            {
                return;
            }

            var current = Volatile.Read(ref _entry);
            Entry target;
            if (current is not null && current.Epoch == invalidationsAtStart && current.Version == version)
            {
                target = current;
            }
            else if (current is null || current.Epoch < invalidationsAtStart || current.Version < version)
            {
                // An entry of an earlier epoch is one an invalidation overtook, which its fill takes back: never served.
                target = new Entry(version, readAt, invalidationsAtStart);
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
            AtomicMax.Raise(ref target.VerifiedAt, readAt);

            // An invalidation or a newer report that came meanwhile has made the entry unservable (see TryGet): take it back.
            if (Invalidations != invalidationsAtStart || version < Volatile.Read(ref _reportedVersion))
            {
                Interlocked.CompareExchange(ref _entry, null, target);
            }

            return;
        }
    }

    /// <param name="version">The organization's version the entry holds.</param>
    /// <param name="verifiedAt">When it was last known current.</param>
    /// <param name="epoch">
    /// The invalidation count its fills started at: served only while the count has not moved, so that a
    /// fill an invalidation overtook is never served, not even before it takes its entry back.
    /// </param>
    private sealed class Entry(long version, long verifiedAt, long epoch)
    {
        public readonly ConcurrentDictionary<UserId, MemberAccess?> Members = new();
        public readonly long Epoch = epoch;
        public readonly long Version = version;
        public long VerifiedAt = verifiedAt;
    }
}
