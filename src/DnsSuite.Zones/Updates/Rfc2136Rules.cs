using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones.Updates;

/// <summary>
/// How an RFC 2136 update applies each RR of its update section to a zone (§3.4.2), on the transaction that makes the
/// update's version: which additions and deletions take effect and which are silently ignored. Every writer of RFC 2136
/// semantics uses these (on a primary, the change log's <c>"rfc2136": true</c> messages that UPDATE turns into).
/// </summary>
public static class Rfc2136Rules
{
    /// <summary>
    /// Whether an update RR that adds <paramref name="record"/> takes effect (§3.4.2.2); the caller then adds it. An SOA
    /// replaces the apex SOA only when its serial is newer than the zone's, or than the serial an earlier SOA of the same
    /// update asked for (the update RRs are applied in sequence, §3.4.2), and then sets <paramref name="requestedSerial"/>;
    /// other SOA owners are ignored. A CNAME beside other data is ignored, as is other data beside a CNAME; a CNAME
    /// replaces the CNAME (removed here).
    /// </summary>
    public static bool TakesAddition(ZoneTransaction transaction, ResourceRecord record, ref uint? requestedSerial)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(record);
        transaction.TryGetNode(record.Name, out ZoneNode? node);
        switch (record.Type)
        {
            case RecordType.SOA:
            {
                uint serial = ((SoaRdata)record.Data).Serial;
                if (record.Name != transaction.Origin || node?.Find(RecordType.SOA) is not { } soa
                    || !new SerialNumber(serial).IsNewerThan(new SerialNumber(requestedSerial ?? ((SoaRdata)soa[0]).Serial)))
                {
                    return false;
                }

                requestedSerial = serial;
                return true;
            }

            case RecordType.CNAME:
                if (node is not null && node.RRsets.Any(set => !CnameRule.MayStandBeside(set.Type)))
                {
                    return false;
                }

                transaction.RemoveRRset(record.Name, RecordType.CNAME);
                return true;

            default:
                return CnameRule.MayStandBeside(record.Type) || node?.Find(RecordType.CNAME) is null;
        }
    }

    /// <summary>
    /// Whether an update RR that deletes the RRset of <paramref name="type"/> at <paramref name="name"/> (one record of it,
    /// unless <paramref name="wholeRRset"/>) is ignored: at the apex an RRset deletion leaves the SOA and NS (§3.4.2.3), and
    /// a record deletion leaves the apex SOA and the last apex NS (§3.4.2.4).
    /// </summary>
    public static bool IgnoresDeletion(ZoneTransaction transaction, DomainName name, RecordType type, bool wholeRRset)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (name != transaction.Origin)
        {
            return false;
        }

        return type == RecordType.SOA
            || (type == RecordType.NS && (wholeRRset || !transaction.TryGetNode(name, out ZoneNode? apex) || apex.Find(RecordType.NS) is not { Count: > 1 }));
    }
}
