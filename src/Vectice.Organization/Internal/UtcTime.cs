namespace Vectice.Organization.Internal;

/// <summary>Times kept as UTC ticks (8 B) by the records the in-memory store keeps for ever, instead of a <see cref="DateTimeOffset"/> (16 B).</summary>
internal static class UtcTime
{
    public static DateTimeOffset Read(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
