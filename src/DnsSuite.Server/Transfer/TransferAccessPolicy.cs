using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Server.Transfer;

/// <summary>Decides per zone who may transfer it: the zone's own list when configured, else the global one.</summary>
public sealed class TransferAccessPolicy
{
    private readonly TransferAccessList _global;
    private readonly Dictionary<DomainName, TransferAccessList> _zones;

    /// <exception cref="FormatException">An entry or zone name in <paramref name="options"/> is invalid.</exception>
    public TransferAccessPolicy(TransferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = TransferAccessList.Parse(options.AllowTransfer);
        _zones = [];
        foreach ((string zone, ZoneTransferOptions settings) in options.Zones)
        {
            if (settings.AllowTransfer is null)
            {
                continue;
            }

            if (!DomainName.TryParse(zone, DomainName.Root, out DomainName? origin, out string? error))
            {
                throw new FormatException($"Transfers:Zones: '{zone}' is not a zone name: {error}");
            }

            _zones[origin] = TransferAccessList.Parse(settings.AllowTransfer);
        }
    }

    public bool Allows(DomainName origin, IPAddress address, DomainName? keyName) =>
        (_zones.TryGetValue(origin, out TransferAccessList? list) ? list : _global).Allows(address, keyName);
}
