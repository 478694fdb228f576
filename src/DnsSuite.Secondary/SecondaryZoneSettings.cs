using DnsSuite.Protocol;

namespace DnsSuite.Secondary;

/// <summary>A secondary zone as configured and checked: its origin and its primaries in the order they are tried.</summary>
public sealed record SecondaryZoneSettings(DomainName Origin, IReadOnlyList<PrimaryServer> Primaries)
{
    /// <summary>Whether the zone is a catalog zone (RFC 9432) whose members this server follows too.</summary>
    public bool IsCatalog { get; init; }
}
