namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Adds one RR. Already present: nothing changes. Present with another TTL: the whole RRset takes
/// <see cref="Ttl"/> (RFC 2181 §5.2).
/// </summary>
public sealed record AddOperation : ChangeOperation
{
    /// <summary>The owner, absolute or relative to the zone ("@" is the apex).</summary>
    public required string Name { get; init; }

    public required uint Ttl { get; init; }

    /// <summary>A type mnemonic or TYPEnnn (RFC 3597 §5).</summary>
    public required string Type { get; init; }

    /// <summary>RDATA in presentation format, names relative to the zone; <c>\# len hex</c> for any type.</summary>
    public required string Rdata { get; init; }
}
