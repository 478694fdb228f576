using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.Transfer;

namespace DnsSuite.Server.Update;

/// <summary>
/// Decides per zone whether an update may be applied (RFC 3007 §4): TSIG when required, the sender's address when an
/// allow list is set, and for every update RR the first rule of the zone's policy that matches its key, owner and type.
/// </summary>
public sealed class UpdatePolicy
{
    private readonly ZonePolicy _global;
    private readonly Dictionary<DomainName, ZonePolicy> _zones = [];

    /// <exception cref="FormatException">A rule, address or zone name in <paramref name="options"/> is invalid; the message says where.</exception>
    public UpdatePolicy(UpdateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new ZonePolicy(ParseRules(options.Policy, "Update:Policy"), ParseAllowList(options.AllowFrom, "Update:AllowFrom"), options.RequireTsig);
        foreach ((string zone, ZoneUpdateOptions settings) in options.Zones)
        {
            if (!DomainName.TryParse(zone, DomainName.Root, out DomainName? origin, out string? error))
            {
                throw new FormatException($"Update:Zones: '{zone}' is not a zone name: {error}");
            }

            string prefix = $"Update:Zones:{zone}";
            _zones[origin] = new ZonePolicy(
                settings.Policy is null ? _global.Rules : ParseRules(settings.Policy, $"{prefix}:Policy"),
                settings.AllowFrom is null ? _global.AllowFrom : ParseAllowList(settings.AllowFrom, $"{prefix}:AllowFrom"),
                settings.RequireTsig ?? _global.RequireTsig);
        }
    }

    /// <summary>Whether the update may go ahead; when not, <paramref name="reason"/> says why (for the log).</summary>
    /// <param name="key">The TSIG key the request was verified with; null when unsigned.</param>
    public bool TryAuthorize(DomainName zone, IPAddress address, DomainName? key, IReadOnlyList<ResourceRecord> updates, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(updates);
        ZonePolicy policy = _zones.GetValueOrDefault(zone) ?? _global;
        reason = null;
        if (key is null && policy.RequireTsig)
        {
            reason = "unsigned, and updates must be TSIG-signed";
        }
        else if (policy.AllowFrom is { } allowed && !allowed.Allows(address, key))
        {
            reason = $"{address} is not in the update allow list";
        }
        else if (policy.Rules.Count == 0)
        {
            reason = $"no update policy for zone {zone}";
        }
        else
        {
            foreach (ResourceRecord update in updates)
            {
                // Deleting every RRset at a name (RFC 2136 §2.5.3) is an update of type ANY.
                RecordType type = update is { Class: RecordClass.ANY, Type: RecordType.ANY } ? RecordType.ANY : update.Type;
                UpdateRule? rule = policy.Rules.FirstOrDefault(rule => rule.Matches(key, zone, update.Name, type));
                if (rule is not { Grant: true })
                {
                    reason = $"{(key is null ? "an unsigned update" : $"key {key}")} may not update {update.Name} {ResourceRecord.TypeMnemonic(type)}{(rule is null ? "" : " (denied by a rule)")}";
                    break;
                }
            }
        }

        return reason is null;
    }

    private static List<UpdateRule> ParseRules(List<string> rules, string where)
    {
        var result = new List<UpdateRule>();
        for (int i = 0; i < rules.Count; i++)
        {
            try
            {
                result.Add(UpdateRule.Parse(rules[i]));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{where}[{i}]: {e.Message}", e);
            }
        }

        return result;
    }

    private static TransferAccessList? ParseAllowList(List<string> entries, string where)
    {
        try
        {
            return entries.Count == 0 ? null : TransferAccessList.Parse(entries);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
    }

    private sealed record ZonePolicy(List<UpdateRule> Rules, TransferAccessList? AllowFrom, bool RequireTsig);
}
