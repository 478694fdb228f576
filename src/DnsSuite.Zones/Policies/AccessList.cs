using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Zones.Policies;

/// <summary>
/// An allow list of networks and TSIG key names; a request matches when its source address is in one of the
/// networks or it was signed (and verified) with one of the keys. An empty list matches nothing.
/// </summary>
public sealed class AccessList
{
    private const string KeyPrefix = "key:";

    private readonly IPNetwork[] _networks;
    private readonly HashSet<DomainName> _keys;

    private AccessList(IPNetwork[] networks, HashSet<DomainName> keys)
    {
        _networks = networks;
        _keys = keys;
    }

    public static AccessList Empty { get; } = new([], []);

    /// <summary>Parses entries such as <c>127.0.0.1</c>, <c>10.0.0.0/8</c>, <c>::1/128</c> and <c>key:xfr.</c>.</summary>
    /// <exception cref="FormatException">An entry is neither; the message names it.</exception>
    public static AccessList Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var networks = new List<IPNetwork>();
        var keys = new HashSet<DomainName>();
        foreach (string raw in entries)
        {
            string entry = raw.Trim();
            if (entry.StartsWith(KeyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                string name = entry[KeyPrefix.Length..].Trim();
                keys.Add(name.Length > 0 && DomainName.TryParse(name, DomainName.Root, out DomainName? key, out _)
                    ? key
                    : throw new FormatException($"'{raw}' does not name a TSIG key"));
            }
            else if (IPNetwork.TryParse(entry, out IPNetwork network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out IPAddress? address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new FormatException($"'{raw}' is neither an address, a CIDR network nor key:NAME");
            }
        }

        return new AccessList([.. networks], keys);
    }

    /// <param name="address">The request's source address.</param>
    /// <param name="keyName">The TSIG key the request was verified with, or null when unsigned.</param>
    public bool Allows(IPAddress address, DomainName? keyName)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (keyName is not null && _keys.Contains(keyName))
        {
            return true;
        }

        IPAddress plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (IPNetwork network in _networks)
        {
            if (network.Contains(plain))
            {
                return true;
            }
        }

        return false;
    }
}
