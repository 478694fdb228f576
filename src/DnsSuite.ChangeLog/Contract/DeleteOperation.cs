namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Deletes one RR (<see cref="Type"/> and <see cref="Rdata"/>), one RRset (<see cref="Type"/> only) or
/// every RRset at a name (neither; at the apex the SOA and NS stay). Deleting what is absent changes nothing.
/// </summary>
public sealed record DeleteOperation : ChangeOperation
{
    /// <summary>The owner, absolute or relative to the zone ("@" is the apex).</summary>
    public required string Name { get; init; }

    /// <summary>A type mnemonic or TYPEnnn; null deletes every RRset at the name.</summary>
    public string? Type { get; init; }

    /// <summary>RDATA of the one RR to delete; null deletes the whole RRset.</summary>
    public string? Rdata { get; init; }
}
