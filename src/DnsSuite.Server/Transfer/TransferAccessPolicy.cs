using System.Collections.Concurrent;
using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Tsig;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Transfer;

/// <summary>
/// Decides per zone who may transfer it. The access list is the zone's own configured one when there is one, else
/// the named ACL (<c>Transfers:Acls</c>) its change-log metadata names, else the global one; a zone whose metadata
/// names a TSIG key is transferred only to requests verified with that key. A name the configuration lacks refuses
/// every transfer of the zone: never a fall-back to a more permissive list.
/// </summary>
public sealed partial class TransferAccessPolicy
{
    private readonly TransferAccessList _global;
    private readonly Dictionary<DomainName, TransferAccessList> _zones;
    private readonly Dictionary<string, TransferAccessList> _acls;
    private readonly TsigKeyRing _keys;
    private readonly ILogger<TransferAccessPolicy> _logger;
    private readonly ConcurrentDictionary<DomainName, LogRules> _logRules = new();

    /// <exception cref="FormatException">An entry, ACL name or zone name in <paramref name="options"/> is invalid; the message names it.</exception>
    public TransferAccessPolicy(TransferOptions options, TsigKeyRing keys, ILogger<TransferAccessPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _logger = logger;
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

        _acls = new Dictionary<string, TransferAccessList>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, List<string> entries) in options.Acls)
        {
            try
            {
                _acls[name] = TransferAccessList.Parse(entries);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Transfers:Acls:{name}: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Sets the transfer ACL name and TSIG key name a zone's change-log metadata gives (both null: none, the
    /// configuration alone decides). A name the configuration lacks is logged as a warning here and refuses the
    /// zone's transfers until the metadata or the configuration changes.
    /// </summary>
    public void SetZoneMetadata(DomainName origin, string? aclName, DomainName? keyName)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (aclName is null && keyName is null)
        {
            _logRules.TryRemove(origin, out _);
            return;
        }

        TransferAccessList? acl = null;
        if (aclName is not null && !_acls.TryGetValue(aclName, out acl))
        {
            LogUnknownAcl(origin, aclName);
        }

        bool keyKnown = keyName is null || _keys.TryGet(keyName, out _);
        if (!keyKnown)
        {
            LogUnknownKey(origin, keyName!);
        }

        _logRules[origin] = new LogRules(aclName, acl, keyName, keyKnown);
    }

    /// <param name="keyName">The TSIG key the request was verified with, or null when unsigned.</param>
    /// <param name="refusal">When refused, why (naming the list, ACL or key that decided).</param>
    public bool Allows(DomainName origin, IPAddress address, DomainName? keyName, out string refusal)
    {
        _logRules.TryGetValue(origin, out LogRules? rules);
        if (rules?.KeyName is { } required)
        {
            if (!rules.KeyKnown)
            {
                refusal = $"the zone's metadata names TSIG key '{required}', which is not in the keys file";
                return false;
            }

            if (keyName != required)
            {
                refusal = $"the zone's metadata requires TSIG key '{required}'";
                return false;
            }
        }

        TransferAccessList list;
        if (_zones.TryGetValue(origin, out TransferAccessList? configured))
        {
            list = configured;
            refusal = "not allowed by Transfers:Zones allow-transfer";
        }
        else if (rules?.AclName is { } aclName)
        {
            if (rules.Acl is null)
            {
                refusal = $"the zone's metadata names transfer ACL '{aclName}', which is not in Transfers:Acls";
                return false;
            }

            list = rules.Acl;
            refusal = $"not allowed by transfer ACL '{aclName}'";
        }
        else
        {
            list = _global;
            refusal = "not allowed by allow-transfer";
        }

        return list.Allows(address, keyName);
    }

    [LoggerMessage(EventId = 245, Level = LogLevel.Warning, Message = "Zone {Zone}: its metadata names transfer ACL '{Acl}', which is not in Transfers:Acls; its transfers are refused")]
    private partial void LogUnknownAcl(DomainName zone, string acl);

    [LoggerMessage(EventId = 246, Level = LogLevel.Warning, Message = "Zone {Zone}: its metadata names TSIG key '{Key}', which is not in the keys file; its transfers are refused")]
    private partial void LogUnknownKey(DomainName zone, DomainName key);

    /// <param name="Acl">The list <paramref name="AclName"/> names, null when the configuration lacks it.</param>
    private sealed record LogRules(string? AclName, TransferAccessList? Acl, DomainName? KeyName, bool KeyKnown);
}
