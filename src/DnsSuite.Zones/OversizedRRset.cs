using DnsSuite.Protocol;

namespace DnsSuite.Zones;

/// <summary>
/// An RRset with more records than its zone's limit allows (<c>MaxRecordsPerRRset</c>, BIND's
/// <c>max-records-per-type</c>): BIND 9.18.28 and later (CVE-2024-1737) refuse to load or transfer such an RRset,
/// so a zone holding one could not be replicated to them.
/// </summary>
public sealed record OversizedRRset(DomainName Name, RecordType Type, int Count, int Limit)
{
    /// <summary>One limit value: no limit at all.</summary>
    public const int Unlimited = 0;

    /// <summary>BIND's default since 9.18.28.</summary>
    public const int DefaultLimit = 100;

    public string Problem => $"{ZoneRules.Describe(Name, Type)}: the RRset would hold {Count} records, more than the {Limit} one RRset may hold (MaxRecordsPerRRset, as BIND's max-records-per-type)";

    /// <summary>The RRset <paramref name="set"/> at <paramref name="name"/> when it is over <paramref name="limit"/> (0: none), else null.</summary>
    internal static OversizedRRset? Check(DomainName name, RRset set, int limit) =>
        limit > Unlimited && set.Count > limit ? new OversizedRRset(name, set.Type, set.Count, limit) : null;
}
