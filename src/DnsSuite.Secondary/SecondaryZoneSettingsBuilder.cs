using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Secondary;

/// <summary>Checks <see cref="SecondaryOptions"/> and turns them into <see cref="SecondaryZoneSettings"/>, naming every problem.</summary>
public static class SecondaryZoneSettingsBuilder
{
    /// <exception cref="InvalidDataException">The options have problems; the message lists them all.</exception>
    public static IReadOnlyList<SecondaryZoneSettings> Build(SecondaryOptions options, TsigKeyRing keys)
    {
        var problems = new List<string>();
        IReadOnlyList<SecondaryZoneSettings> zones = Build(options, keys, problems);
        return problems.Count == 0 ? zones : throw new InvalidDataException(string.Join("; ", problems));
    }

    /// <summary>The problems in <paramref name="options"/>, one line each naming its configuration key; empty when there are none.</summary>
    public static IReadOnlyList<string> Problems(SecondaryOptions options, TsigKeyRing keys)
    {
        var problems = new List<string>();
        _ = Build(options, keys, problems);
        return problems;
    }

    private static List<SecondaryZoneSettings> Build(SecondaryOptions options, TsigKeyRing keys, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        var zones = new List<SecondaryZoneSettings>();
        var seen = new HashSet<DomainName>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            problems.Add("Secondary:DataDirectory is required");
        }

        if (options.Zones.Count == 0 && options.Catalogs.Count == 0)
        {
            problems.Add("Secondary:Zones and Secondary:Catalogs are empty: configure at least one zone or catalog zone with its primaries");
        }

        IEnumerable<(SecondaryZoneOptions Zone, string Where, bool IsCatalog)> configured =
            options.Zones.Select((zone, i) => (zone, $"Secondary:Zones:{i}", false))
            .Concat(options.Catalogs.Select((zone, i) => (zone, $"Secondary:Catalogs:{i}", true)));
        foreach ((SecondaryZoneOptions zone, string where, bool isCatalog) in configured)
        {
            if (!DomainName.TryParse(zone.Name is { } name && !name.EndsWith('.') ? name + "." : zone.Name ?? "", null, out DomainName? origin, out string? error))
            {
                problems.Add($"{where}:Name '{zone.Name}' is not a domain name: {error}");
                continue;
            }

            if (!seen.Add(origin))
            {
                problems.Add($"{where}: zone {origin} is configured twice");
            }

            if (zone.Primaries.Count == 0)
            {
                problems.Add($"{where}: zone {origin} has no primary");
            }

            var primaries = new List<PrimaryServer>();
            for (int j = 0; j < zone.Primaries.Count; j++)
            {
                PrimaryOptions primary = zone.Primaries[j];
                string primaryWhere = $"{where}:Primaries:{j}";
                if (!EndPointParser.TryParse(primary.Address, out IPEndPoint? endPoint) || endPoint.Port == 0)
                {
                    problems.Add($"{primaryWhere}:Address '{primary.Address}' is not IP:PORT");
                    continue;
                }

                TsigKey? key = null;
                if (primary.Key is { } keyName
                    && (!DomainName.TryParse(keyName.EndsWith('.') ? keyName : keyName + ".", null, out DomainName? keyDomain, out _) || !keys.TryGet(keyDomain, out key)))
                {
                    problems.Add($"{primaryWhere}:Key '{keyName}' is not in the key file");
                    continue;
                }

                primaries.Add(new PrimaryServer(endPoint, key));
            }

            zones.Add(new SecondaryZoneSettings(origin, primaries) { IsCatalog = isCatalog });
        }

        return zones;
    }
}
