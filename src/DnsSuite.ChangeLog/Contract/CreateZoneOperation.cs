namespace DnsSuite.ChangeLog.Contract;

/// <summary>Creates a zone from its SOA, apex NS names and optional further records.</summary>
public sealed record CreateZoneOperation : ChangeOperation
{
    /// <summary>SOA RDATA in presentation format, names relative to the zone; its serial is the first serial of an <c>increment</c> zone.</summary>
    public required string Soa { get; init; }

    /// <summary>The TTL of the SOA and the apex NS, and the default TTL of <see cref="Records"/>.</summary>
    public required uint Ttl { get; init; }

    /// <summary>The apex name servers (NS RDATA); at least one.</summary>
    public required IReadOnlyList<string> Ns { get; init; }

    /// <summary>Further records as zone-file lines ("ns1 3600 A 192.0.2.53"), owner required, TTL optional.</summary>
    public IReadOnlyList<string> Records
    {
        get;
        init => field = value ?? [];
    } = [];

    public SerialPolicy SerialPolicy { get; init; } = SerialPolicy.Increment;
}
