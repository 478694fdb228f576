using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Server.Update;

/// <summary>
/// Decides per zone whether an update may be applied (RFC 3007 §4): TSIG when required, the sender's address when an
/// allow list is set, and for every update RR the first rule of the zone's policy that matches its key, owner and type.
/// A zone's own policy (<see cref="For"/>, kept in <see cref="Zone.Policies"/>) replaces the global one.
/// </summary>
public sealed class UpdatePolicy
{
    private readonly ZoneUpdatePolicy _global;
    private readonly Dictionary<DomainName, ZoneUpdatePolicy> _zones = [];

    /// <exception cref="FormatException">A rule, address or zone name in <paramref name="options"/> is invalid; the message says where.</exception>
    public UpdatePolicy(UpdateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new ZoneUpdatePolicy(ParseRules(options.Policy, "Update:Policy"), ParseAllowList(options.AllowFrom, "Update:AllowFrom"), options.RequireTsig);
        foreach ((string zone, ZoneUpdateOptions settings) in options.Zones)
        {
            if (!DomainName.TryParse(zone, DomainName.Root, out DomainName? origin, out string? error))
            {
                throw new FormatException($"Update:Zones: '{zone}' is not a zone name: {error}");
            }

            string prefix = $"Update:Zones:{zone}";
            _zones[origin] = new ZoneUpdatePolicy(
                settings.Policy is null ? _global.Rules : ParseRules(settings.Policy, $"{prefix}:Policy"),
                settings.AllowFrom is null ? _global.AllowFrom : ParseAllowList(settings.AllowFrom, $"{prefix}:AllowFrom"),
                settings.RequireTsig ?? _global.RequireTsig);
        }
    }

    /// <summary>The update policy configured for zone <paramref name="origin"/> (<c>Update:Zones</c>); null when the global one applies.</summary>
    public ZoneUpdatePolicy? For(DomainName origin) => _zones.GetValueOrDefault(origin);

    /// <summary>
    /// Whether the sender may update the zone at all, whatever its records (as BIND's allow-update, checked before the
    /// prerequisites are looked at): TSIG when required, the allow list, a policy with rules.
    /// </summary>
    /// <param name="key">The TSIG key the request was verified with; null when unsigned.</param>
    public bool TryAdmit(Zone zone, IPAddress address, DomainName? key, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ZoneUpdatePolicy policy = zone.Policies.Update ?? _global;
        reason = key is null && policy.RequireTsig ? "unsigned, and updates must be TSIG-signed"
            : policy.AllowFrom is { } allowed && !allowed.Allows(address, key) ? $"{address} is not in the update allow list"
            : policy.Rules.Count == 0 ? $"no update policy for zone {zone.Origin}"
            : null;
        return reason is null;
    }

    /// <summary>Whether the update may go ahead (<see cref="TryAdmit"/>, then a granting rule for every update RR); when not, <paramref name="reason"/> says why (for the log).</summary>
    /// <param name="key">The TSIG key the request was verified with; null when unsigned.</param>
    public bool TryAuthorize(Zone zone, IPAddress address, DomainName? key, IReadOnlyList<ResourceRecord> updates, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (TryAdmit(zone, address, key, out reason))
        {
            ZoneUpdatePolicy policy = zone.Policies.Update ?? _global;
            DomainName origin = zone.Origin;
            foreach (ResourceRecord update in updates)
            {
                // Deleting every RRset at a name (RFC 2136 §2.5.3) is an update of type ANY.
                RecordType type = update is { Class: RecordClass.ANY, Type: RecordType.ANY } ? RecordType.ANY : update.Type;
                UpdateRule? rule = policy.Rules.FirstOrDefault(rule => rule.Matches(key, origin, update.Name, type));
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

    private static AccessList? ParseAllowList(List<string> entries, string where)
    {
        try
        {
            return entries.Count == 0 ? null : AccessList.Parse(entries);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }
    }
}
