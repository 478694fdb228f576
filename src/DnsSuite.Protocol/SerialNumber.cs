namespace DnsSuite.Protocol;

/// <summary>
/// A 32-bit SOA serial with RFC 1982 arithmetic. It deliberately does not implement IComparable:
/// two serials exactly 2^31 apart are neither less nor greater than each other (RFC 1982 §3.2).
/// </summary>
public readonly record struct SerialNumber(uint Value)
{
    private const uint HalfRange = 1u << 31;

    /// <summary>RFC 1982 §3.2 comparison.</summary>
    public SerialComparison CompareTo(SerialNumber other)
    {
        if (Value == other.Value)
        {
            return SerialComparison.Equal;
        }

        uint forward = other.Value - Value;
        if (forward == HalfRange)
        {
            return SerialComparison.Undefined;
        }

        return forward < HalfRange ? SerialComparison.Less : SerialComparison.Greater;
    }

    public bool IsNewerThan(SerialNumber other) => CompareTo(other) == SerialComparison.Greater;

    public bool IsOlderThan(SerialNumber other) => CompareTo(other) == SerialComparison.Less;

    /// <summary>RFC 1982 §3.1 addition; only 0..2^31-1 may be added.</summary>
    public SerialNumber Add(uint increment)
    {
        if (increment > HalfRange - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "RFC 1982 allows adding at most 2^31-1 to a serial");
        }

        return new SerialNumber(unchecked(Value + increment));
    }

    /// <summary>
    /// The smallest serial that is newer than this one and not older than <paramref name="candidate"/>:
    /// the candidate when it is newer, otherwise this serial plus one. Used by the time-based serial
    /// policies so that serials never go backwards.
    /// </summary>
    public SerialNumber NextAtLeast(SerialNumber candidate) =>
        candidate.IsNewerThan(this) ? candidate : Add(1);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
