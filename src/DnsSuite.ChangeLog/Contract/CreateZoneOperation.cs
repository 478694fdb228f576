using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Creates a zone, either from its SOA, apex NS names and optional further records, or from a whole master
/// file in <see cref="Zonefile"/> (then none of the other content members may be present).
/// </summary>
public sealed record CreateZoneOperation : ChangeOperation
{
    /// <summary>SOA RDATA in presentation format, names relative to the zone; its serial is the first serial of an <c>increment</c> zone.</summary>
    public string? Soa { get; init; }

    /// <summary>The TTL of the SOA and the apex NS, and the default TTL of <see cref="Records"/>.</summary>
    public uint? Ttl { get; init; }

    /// <summary>The apex name servers (NS RDATA); at least one.</summary>
    public IReadOnlyList<string>? Ns { get; init; }

    /// <summary>Further records as zone-file lines ("ns1 3600 A 192.0.2.53"), owner required, TTL optional.</summary>
    public IReadOnlyList<string>? Records { get; init; }

    /// <summary>
    /// The whole zone as master-file text (RFC 1035 §5, no <c>$INCLUDE</c>), the way a zone file seeds the log;
    /// its SOA serial is the first serial of an <c>increment</c> zone.
    /// </summary>
    public string? Zonefile { get; init; }

    public SerialPolicy SerialPolicy { get; init; } = SerialPolicy.Increment;

    /// <summary>The zone's metadata (catalog group, NOTIFY targets, transfer ACL and key names); null for none.</summary>
    public ZoneMetadata? Metadata { get; init; }
}
