using DnsSuite.Protocol;
using DnsSuite.Zones;

namespace DnsSuite.Server.Limits;

/// <summary>
/// The <c>Limits</c> configuration section: the most records one RRset may hold, for every zone and per zone, as BIND's
/// <c>max-records-per-type</c> (docs/configuration.md, "RRset size limit"). Read by the primary and the secondary.
/// </summary>
public sealed class RRsetLimitOptions
{
    public const string SectionName = "Limits";

    /// <summary>The most records of one RRset (owner and type) in any zone without its own value; 0: any number.</summary>
    public int MaxRecordsPerRRset { get; set; } = OversizedRRset.DefaultLimit;

    /// <summary>Per-zone values keyed by the zone apex; each replaces <see cref="MaxRecordsPerRRset"/> for its zone.</summary>
    public Dictionary<string, ZoneRRsetLimitOptions> Zones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every problem of the section, one line each naming its key; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxRecordsPerRRset < 0)
        {
            problems.Add($"{SectionName}:MaxRecordsPerRRset must be 0 (no limit) or more, not {MaxRecordsPerRRset}");
        }

        foreach ((string zone, ZoneRRsetLimitOptions settings) in Zones)
        {
            if (!DomainName.TryParse(zone, DomainName.Root, out _, out string? error))
            {
                problems.Add($"{SectionName}:Zones: '{zone}' is not a zone name: {error}");
            }

            if (settings.MaxRecordsPerRRset is < 0)
            {
                problems.Add($"{SectionName}:Zones:{zone}:MaxRecordsPerRRset must be 0 (no limit) or more, not {settings.MaxRecordsPerRRset}");
            }
        }

        return problems;
    }

    /// <summary>The limit of each zone with its own value, by apex; call after validation.</summary>
    public Dictionary<DomainName, int> PerZone() =>
        Zones.Where(entry => entry.Value.MaxRecordsPerRRset is not null)
            .ToDictionary(entry => DomainName.Parse(entry.Key, DomainName.Root), entry => entry.Value.MaxRecordsPerRRset!.Value);
}

/// <summary>One zone's entry under <c>Limits:Zones</c>; null falls back to the global value.</summary>
public sealed class ZoneRRsetLimitOptions
{
    public int? MaxRecordsPerRRset { get; set; }
}
