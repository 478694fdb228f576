using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The CNAME rule, once for every writer: a name holds at most one CNAME record (RFC 1034 §3.6.2), and a CNAME stands
/// alone at its name except for the DNSSEC records that belong with it, RRSIG and NSEC (RFC 2181 §10.1, RFC 4035 §2.5).
/// Zone validation refuses a node that breaks it; the change log rejects such a message as a CNAME conflict; RFC 2136
/// UPDATE ignores such an update (§3.4.2.2).
/// </summary>
public static class CnameRule
{
    /// <summary>Whether an RRset of <paramref name="type"/> may be at a name that holds a CNAME.</summary>
    public static bool MayStandBeside(RecordType type) => type is RecordType.CNAME or RecordType.RRSIG or RecordType.NSEC;

    /// <summary>What in <paramref name="node"/> breaks the rule, as one sentence naming the owner; null when nothing does.</summary>
    public static string? Problem(ZoneNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Find(RecordType.CNAME) is not { } cname)
        {
            return null;
        }

        if (cname.Count > 1)
        {
            return $"{ZoneRules.Describe(node.Name, RecordType.CNAME)}: {cname.Count} CNAME records, a name has at most one (RFC 1034 §3.6.2)";
        }

        string others = string.Join(", ", node.RRsets.Where(set => !MayStandBeside(set.Type)).Select(set => ResourceRecord.TypeMnemonic(set.Type)));
        return others.Length == 0
            ? null
            : $"{ZoneRules.Describe(node.Name, RecordType.CNAME)}: other data at the same name ({others}); a CNAME stands alone except for RRSIG and NSEC (RFC 2181 §10.1, RFC 4035 §2.5)";
    }
}
