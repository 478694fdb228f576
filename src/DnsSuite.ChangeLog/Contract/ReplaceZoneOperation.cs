namespace DnsSuite.ChangeLog.Contract;

/// <summary>
/// Replaces the zone's whole content with a master file (no <c>$INCLUDE</c>); the serial still comes
/// from the zone's serial policy and the difference becomes one changeset.
/// </summary>
public sealed record ReplaceZoneOperation : ChangeOperation
{
    /// <summary>Master-file text (RFC 1035 §5); relative names are relative to the zone.</summary>
    public required string Zonefile { get; init; }
}
