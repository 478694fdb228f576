using DnsSuite.Protocol;

namespace DnsSuite.Zones.Catalog;

/// <summary>One member zone of a catalog zone (RFC 9432 §4.3) and its optional group property (§4.4.2).</summary>
public sealed record CatalogMember(DomainName Zone, string? Group = null);
