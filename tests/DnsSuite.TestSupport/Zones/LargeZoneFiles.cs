using System.Globalization;
using System.Text;

namespace DnsSuite.TestSupport.Zones;

/// <summary>Zone-file text of many records, for limits that depend on a zone's size (about 46 bytes of change message per host).</summary>
public static class LargeZoneFiles
{
    /// <summary>SOA (serial <paramref name="serial"/>), NS, the name server's address, and <c>host0</c> to <c>host{hosts-1}</c> each with an A record 192.0.2.(i mod 250).</summary>
    public static string Hosts(int hosts, uint serial)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"$TTL 60\n@ SOA ns hostmaster {serial} 60 60 600 60\n@ NS ns\nns A 192.0.2.1\n");
        for (int i = 0; i < hosts; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"host{i} A 192.0.2.{i % 250}\n");
        }

        return text.ToString();
    }
}
