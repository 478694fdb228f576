using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Transfer;

/// <summary>
/// Who may transfer which zone. A zone's own rule (<see cref="For"/>, kept in <see cref="Zone.Policies"/>) takes the
/// zone's configured access list when there is one, else the named ACL (<c>Transfers:Acls</c>) its change-log metadata
/// names, else the global one; a zone whose metadata names a TSIG key is transferred only to requests verified with that
/// key. A name the configuration lacks refuses every transfer of the zone: never a fall-back to a more permissive list.
/// </summary>
public sealed partial class TransferAccessPolicy
{
    private readonly TransferPolicy _global;
    private readonly Dictionary<DomainName, AccessList> _zones;
    private readonly Dictionary<string, AccessList> _acls;
    private readonly TsigKeyRing _keys;
    private readonly ILogger<TransferAccessPolicy> _logger;

    /// <exception cref="FormatException">An entry, ACL name or zone name in <paramref name="options"/> is invalid; the message names it.</exception>
    public TransferAccessPolicy(TransferOptions options, TsigKeyRing keys, ILogger<TransferAccessPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _logger = logger;
        _global = new TransferPolicy(AccessList.Parse(options.AllowTransfer), "not allowed by allow-transfer");
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

            _zones[origin] = AccessList.Parse(settings.AllowTransfer);
        }

        _acls = new Dictionary<string, AccessList>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, List<string> entries) in options.Acls)
        {
            try
            {
                _acls[name] = AccessList.Parse(entries);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Transfers:Acls:{name}: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// The transfer rule of zone <paramref name="origin"/> given the ACL name and TSIG key name its change-log metadata
    /// names (both null: none); null when the global list decides. A name the configuration lacks is logged as a
    /// warning here and refuses the zone's transfers.
    /// </summary>
    public TransferPolicy? For(DomainName origin, string? aclName = null, DomainName? keyName = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        bool configured = _zones.TryGetValue(origin, out AccessList? zoneList);
        if (!configured && aclName is null && keyName is null)
        {
            return null;
        }

        string? keyProblem = null;
        if (keyName is not null && !_keys.TryGet(keyName, out _))
        {
            LogUnknownKey(origin, keyName);
            keyProblem = $"the zone's metadata names TSIG key '{keyName}', which is not in the keys file";
        }

        AccessList? acl = null;
        if (aclName is not null && !_acls.TryGetValue(aclName, out acl))
        {
            LogUnknownAcl(origin, aclName);
        }

        if (configured)
        {
            return new TransferPolicy(zoneList!, "not allowed by Transfers:Zones allow-transfer") { RequiredKey = keyName, KeyProblem = keyProblem };
        }

        if (aclName is null)
        {
            return _global with { RequiredKey = keyName, KeyProblem = keyProblem };
        }

        if (acl is null)
        {
            return new TransferPolicy(AccessList.Empty, "")
            {
                RequiredKey = keyName,
                KeyProblem = keyProblem,
                ListProblem = $"the zone's metadata names transfer ACL '{aclName}', which is not in Transfers:Acls",
            };
        }

        return new TransferPolicy(acl, $"not allowed by transfer ACL '{aclName}'") { RequiredKey = keyName, KeyProblem = keyProblem };
    }

    /// <param name="keyName">The TSIG key the request was verified with, or null when unsigned.</param>
    /// <param name="refusal">When refused, why (naming the list, ACL or key that decided).</param>
    public bool Allows(Zone zone, IPAddress address, DomainName? keyName, [NotNullWhen(false)] out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return (zone.Policies.Transfer ?? _global).Allows(address, keyName, out refusal);
    }

    [LoggerMessage(EventId = 245, Level = LogLevel.Warning, Message = "Zone {Zone}: its metadata names transfer ACL '{Acl}', which is not in Transfers:Acls; its transfers are refused")]
    private partial void LogUnknownAcl(DomainName zone, string acl);

    [LoggerMessage(EventId = 246, Level = LogLevel.Warning, Message = "Zone {Zone}: its metadata names TSIG key '{Key}', which is not in the keys file; its transfers are refused")]
    private partial void LogUnknownKey(DomainName zone, DomainName key);
}
