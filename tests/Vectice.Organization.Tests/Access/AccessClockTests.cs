using Microsoft.Extensions.Time.Testing;

namespace Vectice.Organization.Tests.Access;

/// <summary>The access check's clock never lets an entry outlive the staleness bound, whichever clock it reads.</summary>
public sealed class AccessClockTests
{
    [Fact]
    public void On_the_system_clock_the_coarse_clock_is_read_and_the_bound_shortened_by_its_granularity()
    {
        var clock = new AccessClock(TimeProvider.System, TimeSpan.FromSeconds(1));

        Assert.Equal(1000 - 16, clock.Bound);
        var before = Environment.TickCount64;
        var now = clock.Now();
        Assert.InRange(now, before, Environment.TickCount64);
    }

    [Fact]
    public void A_bound_too_short_for_the_coarse_clock_and_any_other_clock_are_read_precisely()
    {
        var shortBound = new AccessClock(TimeProvider.System, TimeSpan.FromMilliseconds(50));
        var fake = new FakeTimeProvider();
        var test = new AccessClock(fake, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeProvider.System.TimestampFrequency / 20, shortBound.Bound);
        Assert.Equal(fake.TimestampFrequency, test.Bound);
        Assert.Equal(fake.GetTimestamp(), test.Now());
        Assert.Equal(12345, test.FromTimestamp(12345));
    }

    [Fact]
    public void A_feed_timestamp_becomes_no_later_than_it_was()
    {
        var clock = new AccessClock(TimeProvider.System, TimeSpan.FromSeconds(1));
        var twoSecondsAgo = TimeProvider.System.GetTimestamp() - (2 * TimeProvider.System.TimestampFrequency);

        var converted = clock.FromTimestamp(twoSecondsAgo);

        Assert.True(converted <= clock.Now() - 2000, $"{converted} is later than two seconds before {clock.Now()}.");
    }
}
