using DnsSuite.Protocol;

namespace DnsSuite.Primary.Catalog;

/// <summary>The primary's <c>Catalog</c> configuration section (docs/catalog-zones.md).</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>The name of the catalog zone to publish, e.g. <c>catalog.invalid.</c>; none when unset.</summary>
    public string? Zone { get; set; }

    /// <summary>The catalog's origin, or null when no catalog is configured.</summary>
    /// <exception cref="InvalidDataException"><see cref="Zone"/> is not a domain name.</exception>
    public DomainName? Origin() =>
        string.IsNullOrWhiteSpace(Zone) ? null
        : DomainName.TryParse(Zone.EndsWith('.') ? Zone : Zone + ".", DomainName.Root, out DomainName? origin, out string? error) && !origin.IsRoot ? origin
        : throw new InvalidDataException($"{SectionName}:{nameof(Zone)} '{Zone}' is not a zone name{(error is null ? "" : ": " + error)}");
}
