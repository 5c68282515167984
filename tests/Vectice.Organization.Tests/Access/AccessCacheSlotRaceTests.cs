namespace Vectice.Organization.Tests.Access;

/// <summary>
/// One organization's cache slot: a fill that an invalidation or a newer report overtook (it read the
/// state before a commit) is never served, not even in the moment between its publishing and its taking
/// back, and a report of a version no newer than a fill's does not stop it being kept. The races are
/// bounded by work: a number of fills, each overtaken, while another thread checks.
/// </summary>
public sealed class AccessCacheSlotRaceTests
{
    private const int Rounds = 300_000;
    private static readonly OrganizationId Org = new("race");
    private static readonly UserId Alan = new("alan");

    [Fact]
    public void A_fill_overtaken_by_an_invalidation_is_never_served()
    {
        var stale = new MemberAccess(Org, Alan, OrgRole.Admin, MembershipStatus.Active, default, 1);
        AccessCacheSlot? current = null;
        var done = false;
        long served = 0;
        long checks = 0;
        using var checking = new ManualResetEventSlim();
        var checker = new Thread(() =>
        {
            checking.Set();
            while (!Volatile.Read(ref done))
            {
                checks++;
                if (Volatile.Read(ref current) is { } slot && slot.TryGet(Alan, 0, 1_000, long.MinValue, out var access) && access is not null)
                {
                    Interlocked.Increment(ref served);
                }
            }
        });
        checker.Start();
        Assert.True(checking.Wait(TimeSpan.FromMinutes(1)), "the checking thread never started");

        for (var round = 0; round < Rounds; round++)
        {
            var slot = new AccessCacheSlot();
            var atStart = slot.Invalidations;    // a fill starts: it reads the state before the commit
            slot.Invalidate();                   // the commit drops the organization's entries
            Volatile.Write(ref current, slot);
            slot.Offer(atStart, 1, 0, Alan, stale);
            Assert.False(slot.TryGet(Alan, 0, 1_000, long.MinValue, out _));
        }

        Volatile.Write(ref done, true);
        checker.Join();
        Assert.True(checks > 0, "the checking thread never checked");
        Assert.True(served == 0, $"a check was served what an invalidation had dropped {served} times in {Rounds} overtaken fills ({checks} checks)");
    }

    /// <summary>
    /// An invalidation, or the feed's report of a newer version, that lands while the fill's <c>Offer</c>
    /// runs, past its first look: checks that start once it has returned, until <c>Offer</c> returns, are
    /// never served the fill (the entry's epoch and the reported version, not the fill's taking back, keep
    /// them off it). A round waits for the other thread's drop; the wait's deadline is only a safety net.
    /// </summary>
    [Theory]
    [InlineData("invalidation")]
    [InlineData("report of a newer version")]
    public void A_check_after_an_invalidation_during_the_offer_is_never_served_the_fill(string drop)
    {
        const int InvalidatedRounds = 20_000;
        var stale = new MemberAccess(Org, Alan, OrgRole.Admin, MembershipStatus.Active, default, 1);
        AccessCacheSlot? current = null;
        long round = 0, offered = 0, invalidatedRound = 0, served = 0;
        var done = false;
        var invalidator = new Thread(() =>
        {
            long seen = 0;
            while (!Volatile.Read(ref done))
            {
                var r = Volatile.Read(ref round);
                if (r == seen || Volatile.Read(ref current) is not { } slot)
                {
                    continue;
                }

                seen = r;
                for (var spin = r % 64; spin > 0; spin--)
                {
                    Thread.SpinWait(1);
                }

                if (drop == "invalidation")
                {
                    slot.Invalidate();
                }
                else
                {
                    slot.OnChanged(2);
                }

                do
                {
                    if (slot.TryGet(Alan, 0, 1_000, long.MinValue, out var access) && access is not null)
                    {
                        Interlocked.Increment(ref served);
                        break;
                    }
                }
                while (Volatile.Read(ref offered) != r);
                Volatile.Write(ref invalidatedRound, r);
            }
        });
        invalidator.Start();
        for (var r = 1; r <= InvalidatedRounds; r++)
        {
            var slot = new AccessCacheSlot();
            var atStart = slot.Invalidations;
            Volatile.Write(ref current, slot);
            Volatile.Write(ref round, r);
            slot.Offer(atStart, 1, 0, Alan, stale);
            Volatile.Write(ref offered, r);
            var safetyNet = Environment.TickCount64 + 10_000;
            while (Volatile.Read(ref invalidatedRound) != r)
            {
                Assert.True(Environment.TickCount64 < safetyNet, $"round {r}: the invalidating thread never came");
                Thread.Yield();
            }
        }

        Volatile.Write(ref done, true);
        invalidator.Join();
        Assert.True(served == 0, $"a check after an invalidation was served the fill {served} times in {InvalidatedRounds} rounds");
    }

    /// <summary>
    /// A polling feed reports every organization it watches on every poll: a report of the version a fill
    /// read does not stop that fill being kept (before, a report with nothing cached dropped every fill in
    /// flight, so a fill slower than the poll interval was never kept); an older fill is not kept, and a
    /// newer report drops what is cached.
    /// </summary>
    [Fact]
    public void A_report_of_the_version_a_fill_read_keeps_it_and_only_a_newer_one_drops_it()
    {
        var slot = new AccessCacheSlot();
        var access = new MemberAccess(Org, Alan, OrgRole.Admin, MembershipStatus.Active, default, 5);
        var atStart = slot.Invalidations;
        slot.OnChanged(5);
        slot.Offer(atStart, 5, 0, Alan, access);
        Assert.True(slot.TryGet(Alan, 0, 1_000, long.MinValue, out var cached));
        Assert.Same(access, cached);

        slot.OnChanged(5);
        Assert.True(slot.TryGet(Alan, 0, 1_000, long.MinValue, out _));
        slot.OnChanged(6);
        Assert.False(slot.TryGet(Alan, 0, 1_000, long.MinValue, out _));

        atStart = slot.Invalidations;
        slot.Offer(atStart, 5, 0, Alan, access);
        Assert.False(slot.TryGet(Alan, 0, 1_000, long.MinValue, out _));
        slot.Offer(atStart, 6, 0, Alan, access with { Version = 6 });
        Assert.True(slot.TryGet(Alan, 0, 1_000, long.MinValue, out cached));
        Assert.Equal(6, cached!.Version);
    }

    [Fact]
    public void A_fill_not_overtaken_is_served_and_a_later_invalidation_drops_it()
    {
        var slot = new AccessCacheSlot();
        var access = new MemberAccess(Org, Alan, OrgRole.Admin, MembershipStatus.Active, default, 1);
        slot.Offer(slot.Invalidations, 1, 0, Alan, access);
        Assert.True(slot.TryGet(Alan, 0, 1_000, long.MinValue, out var cached));
        Assert.Same(access, cached);

        slot.Invalidate();
        Assert.False(slot.TryGet(Alan, 0, 1_000, long.MinValue, out _));
        slot.Offer(slot.Invalidations, 2, 0, Alan, access with { Role = OrgRole.Member, Version = 2 });
        Assert.True(slot.TryGet(Alan, 0, 1_000, long.MinValue, out cached));
        Assert.Equal(OrgRole.Member, cached!.Role);
    }
}
