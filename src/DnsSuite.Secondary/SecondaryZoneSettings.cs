using DnsSuite.Protocol;

namespace DnsSuite.Secondary;

/// <summary>A secondary zone as configured and checked: its origin and its primaries in the order they are tried.</summary>
public sealed record SecondaryZoneSettings(DomainName Origin, IReadOnlyList<PrimaryServer> Primaries);
