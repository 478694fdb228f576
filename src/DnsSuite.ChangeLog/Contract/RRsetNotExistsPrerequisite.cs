namespace DnsSuite.ChangeLog.Contract;

/// <summary>No RRset of <see cref="Type"/> exists at the name (RFC 2136 §2.4.3); else YXRRSET.</summary>
public sealed record RRsetNotExistsPrerequisite : Prerequisite
{
    /// <summary>A type mnemonic or TYPEnnn (RFC 3597 §5).</summary>
    public required string Type { get; init; }
}
