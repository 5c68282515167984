namespace Vectice.Organization.Tests.Access;

/// <summary>
/// A fill that an invalidation overtook (it read the state before a commit this process then dropped) is
/// never served, not even in the moment between its publishing and its taking back: a check meanwhile
/// reads through. Bounded by work: a number of fills, each overtaken, while another thread checks.
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
