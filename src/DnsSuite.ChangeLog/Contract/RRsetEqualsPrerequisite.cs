namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// The RRset of <see cref="Type"/> at the name holds exactly <see cref="Rdata"/>, as a set, TTL ignored
/// (RFC 2136 §2.4.2); else NXRRSET.
/// </summary>
public sealed record RRsetEqualsPrerequisite : Prerequisite
{
    /// <summary>A type mnemonic or TYPEnnn (RFC 3597 §5).</summary>
    public required string Type { get; init; }

    /// <summary>RDATA in presentation format, names relative to the zone.</summary>
    public required IReadOnlyList<string> Rdata { get; init; }
}
