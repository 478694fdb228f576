using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>
/// The serial policies (docs/change-log.md, "Serials"): every serial is a function of the previous serial
/// and the log record's timestamp, never of a clock, and never goes backwards (RFC 1982).
/// </summary>
public static class Serials
{
    /// <summary>The serial of the version after one whose serial is <paramref name="current"/>.</summary>
    public static uint Next(SerialPolicy policy, uint current, DateTimeOffset timestamp)
    {
        var previous = new SerialNumber(current);
        return policy == SerialPolicy.Increment
            ? previous.Add(1).Value
            : previous.NextAtLeast(new SerialNumber(TimeCandidate(policy, timestamp))).Value;
    }

    /// <summary>
    /// The serial of a new zone: <paramref name="requested"/> (the SOA's serial) for <c>increment</c>, the
    /// timestamp's for the others, and above <paramref name="floor"/>, the last serial of a deleted zone of the same name.
    /// </summary>
    public static uint First(SerialPolicy policy, uint requested, uint? floor, DateTimeOffset timestamp)
    {
        uint candidate = policy == SerialPolicy.Increment ? requested : TimeCandidate(policy, timestamp);
        return floor is { } last ? new SerialNumber(last).NextAtLeast(new SerialNumber(candidate)).Value : candidate;
    }

    private static uint TimeCandidate(SerialPolicy policy, DateTimeOffset timestamp)
    {
        DateTime utc = timestamp.UtcDateTime;
        return policy switch
        {
            // Seconds since 1970 modulo 2^32, which RFC 1982 arithmetic handles past 2106.
            SerialPolicy.UnixTime => unchecked((uint)timestamp.ToUnixTimeSeconds()),
            SerialPolicy.DateSerial => (uint)(((utc.Year * 100) + utc.Month) * 100 + utc.Day) * 100,
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "not a time-based serial policy"),
        };
    }
}
