namespace DnsSuite.ChangeLog.Contract;

/// <summary>An RRset of <see cref="Type"/> exists at the name, whatever its data (RFC 2136 §2.4.1); else NXRRSET.</summary>
public sealed record RRsetExistsPrerequisite : Prerequisite
{
    /// <summary>A type mnemonic or TYPEnnn (RFC 3597 §5).</summary>
    public required string Type { get; init; }
}
