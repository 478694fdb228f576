using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>A zone, or a change to one, breaks the zone rules; <see cref="Problems"/> lists each violation.</summary>
public sealed class ZoneValidationException : Exception
{
    public ZoneValidationException(DomainName origin, IReadOnlyList<string> problems)
        : base($"zone {origin} is invalid: {string.Join("; ", problems)}")
    {
        Origin = origin;
        Problems = problems;
    }

    public DomainName Origin { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>The first RRset over the zone's record limit among the problems; null when none is.</summary>
    public OversizedRRset? Oversized { get; init; }
}
