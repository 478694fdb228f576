namespace DnsSuite.ChangeLog.Contract;

/// <summary>Replaces the RRset of one owner and type with exactly <see cref="Rdata"/> (at least one record) and <see cref="Ttl"/>.</summary>
public sealed record SetOperation : ChangeOperation
{
    /// <summary>The owner, absolute or relative to the zone ("@" is the apex).</summary>
    public required string Name { get; init; }

    public required uint Ttl { get; init; }

    /// <summary>A type mnemonic or TYPEnnn (RFC 3597 §5).</summary>
    public required string Type { get; init; }

    /// <summary>RDATA in presentation format, names relative to the zone.</summary>
    public required IReadOnlyList<string> Rdata { get; init; }
}
