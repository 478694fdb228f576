using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The rules a zone must satisfy. Each problem is one sentence naming the owner and type. Checks are
/// per node so that a transaction validates only the names it changed.
/// </summary>
internal static class ZoneRules
{
    /// <summary>
    /// The octets an RRset may take in a message (owner, type, class, TTL, RDLENGTH and RDATA of each record, the
    /// owner compressed after the first): what is left of 65,535 (RFC 1035 §4.2.2) once a header (12), the longest
    /// question (259), an OPT record (11, RFC 6891) and room for a TSIG record (1,024, RFC 8945) are taken. So any
    /// RRset of a zone can be answered in one message and sent in a zone transfer, signed or not.
    /// </summary>
    public const int MaxRRsetWireSize = ushort.MaxValue - 12 - 259 - 11 - 1024;

    /// <summary>Why <paramref name="record"/> cannot be zone data of <paramref name="origin"/> at all, or null.</summary>
    public static string? CheckRecord(DomainName origin, ResourceRecord record)
    {
        if (record.Class != RecordClass.IN)
        {
            return $"{Describe(record.Name, record.Type)}: class {ResourceRecord.ClassMnemonic(record.Class)} is not supported, zones hold class IN only";
        }

        if (!record.Name.IsSubdomainOf(origin))
        {
            return $"{Describe(record.Name, record.Type)}: the name is outside the zone {origin}";
        }

        if (record.Type is RecordType.OPT or RecordType.TKEY or RecordType.TSIG or RecordType.IXFR or RecordType.AXFR
            or RecordType.MAILA or RecordType.MAILB or RecordType.ANY)
        {
            return $"{Describe(record.Name, record.Type)}: a meta-type or query type cannot be zone data (RFC 6895 §3.1)";
        }

        if (record.Type == RecordType.SOA && record.Data is not SoaRdata)
        {
            return $"{Describe(record.Name, record.Type)}: invalid SOA data";
        }

        int rdata = record.Data.CanonicalWireLength();
        if (rdata == Rdata.TooLong)
        {
            return $"{Describe(record.Name, record.Type)}: the RDATA is longer than the 65535 octets RDLENGTH can say (RFC 1035 §3.2.1)";
        }

        if (record.Name.WireLength + 10 + rdata > MaxRRsetWireSize)
        {
            return $"{Describe(record.Name, record.Type)}: the record takes {record.Name.WireLength + 10 + rdata} octets on the wire, more than the {MaxRRsetWireSize} one DNS message can carry beside its question, EDNS and TSIG (RFC 1035 §4.2.2)";
        }

        return null;
    }

    /// <summary>
    /// Checks the node at <paramref name="name"/>: its own RRsets and the names above it. With
    /// <paramref name="checkBelow"/>, also what its DNAME or delegation would occlude below it, which a
    /// full load finds from the names below instead. With <paramref name="maxRecordsPerRRset"/>, also that no RRset
    /// holds more records; returns the first that does.
    /// </summary>
    public static OversizedRRset? CheckNode(ZoneEditor zone, DomainName name, bool checkBelow, List<string> problems, int maxRecordsPerRRset = OversizedRRset.Unlimited)
    {
        bool apex = zone.IsApex(name);
        if (!zone.TryGetNode(name, out ZoneNode? node) || node!.IsEmptyNonTerminal)
        {
            if (apex)
            {
                problems.Add($"{Describe(name, RecordType.SOA)}: the zone has no SOA record at its apex");
                problems.Add($"{Describe(name, RecordType.NS)}: the zone has no NS records at its apex");
            }

            return null;
        }

        CheckApexRecords(node, apex, problems);
        CheckExclusiveTypes(node, problems);
        OversizedRRset? oversized = CheckRRsetSizes(node, maxRecordsPerRRset, problems);
        if (!apex && node.Find(RecordType.NS) is not null)
        {
            CheckDelegationPoint(node, checkBelow, problems);
        }

        if (checkBelow && node.Find(RecordType.DNAME) is not null && node.HasChildren)
        {
            problems.Add($"{Describe(name, RecordType.DNAME)}: names exist below the DNAME; nothing may (RFC 6672 §2.3)");
        }

        if (!apex && (zone.Counts.Delegations > 0 || zone.Counts.Dnames > 0))
        {
            CheckAncestors(zone, node, problems);
        }

        return oversized;
    }

    private static void CheckApexRecords(ZoneNode node, bool apex, List<string> problems)
    {
        RRset? soa = node.Find(RecordType.SOA);
        if (apex)
        {
            if (soa is null)
            {
                problems.Add($"{Describe(node.Name, RecordType.SOA)}: the zone has no SOA record at its apex");
            }
            else if (soa.Count > 1)
            {
                problems.Add($"{Describe(node.Name, RecordType.SOA)}: {soa.Count} SOA records at the apex, exactly one is allowed");
            }

            if (node.Find(RecordType.NS) is null)
            {
                problems.Add($"{Describe(node.Name, RecordType.NS)}: the zone has no NS records at its apex");
            }
        }
        else if (soa is not null)
        {
            problems.Add($"{Describe(node.Name, RecordType.SOA)}: an SOA record below the apex (a zone has one SOA, at its apex)");
        }
    }

    private static void CheckExclusiveTypes(ZoneNode node, List<string> problems)
    {
        if (CnameRule.Problem(node) is { } cname)
        {
            problems.Add(cname);
        }

        if (node.Find(RecordType.DNAME) is { Count: > 1 } dname)
        {
            problems.Add($"{Describe(node.Name, RecordType.DNAME)}: {dname.Count} DNAME records, a name has at most one (RFC 6672 §2.4)");
        }
    }

    /// <summary>
    /// Each RRset fits in one message (<see cref="MaxRRsetWireSize"/>; one record alone was checked by <see cref="CheckRecord"/>)
    /// and holds at most <paramref name="maxRecords"/> records (0: any number); returns the first that holds more.
    /// </summary>
    private static OversizedRRset? CheckRRsetSizes(ZoneNode node, int maxRecords, List<string> problems)
    {
        OversizedRRset? first = null;
        foreach (RRset set in node)
        {
            if (set.Count == 1)
            {
                continue;
            }

            if (OversizedRRset.Check(node.Name, set, maxRecords) is { } oversized)
            {
                problems.Add(oversized.Problem);
                first ??= oversized;
                continue;
            }

            // The owner in full once, then as a 2-octet compression pointer; type, class, TTL and RDLENGTH take 10.
            long size = node.Name.WireLength - 2;
            foreach (Rdata record in set)
            {
                size += 2 + 10 + record.CanonicalWireLength();
            }

            if (size > MaxRRsetWireSize)
            {
                problems.Add($"{Describe(node.Name, set.Type)}: the RRset of {set.Count} records takes {size} octets on the wire, more than the {MaxRRsetWireSize} one DNS message can carry beside its question, EDNS and TSIG (RFC 2181 §5: an RRset is sent whole)");
            }
        }

        return first;
    }

    private static void CheckDelegationPoint(ZoneNode node, bool checkBelow, List<string> problems)
    {
        foreach (RRset set in node)
        {
            if (set.Type is not (RecordType.NS or RecordType.DS or RecordType.A or RecordType.AAAA or RecordType.RRSIG or RecordType.NSEC))
            {
                problems.Add($"{Describe(node.Name, set.Type)}: data at a delegation point other than NS, DS and glue (A/AAAA) is not authoritative (RFC 1034 §4.2.1)");
            }
        }

        if (checkBelow && node.NonAddressDescendants > 0)
        {
            problems.Add($"{Describe(node.Name, RecordType.NS)}: the delegation would hide data below it other than glue (A/AAAA) (RFC 1034 §4.2.1)");
        }
    }

    /// <summary>Data below a DNAME is forbidden outright, below a delegation only glue is allowed.</summary>
    private static void CheckAncestors(ZoneEditor zone, ZoneNode node, List<string> problems)
    {
        DomainName current = node.Name;
        while (!zone.IsApex(current))
        {
            current = current.Parent();
            if (!zone.TryGetNode(current, out ZoneNode? ancestor))
            {
                continue;
            }

            if (ancestor!.Find(RecordType.DNAME) is not null)
            {
                problems.Add($"{Describe(node.Name, node.RRsets[0].Type)}: the name is below the DNAME at {ancestor.Name}, which allows no data below it (RFC 6672 §2.3)");
                return;
            }

            if (!zone.IsApex(current) && ancestor.Find(RecordType.NS) is not null)
            {
                foreach (RRset set in node)
                {
                    if (set.Type is not (RecordType.A or RecordType.AAAA))
                    {
                        problems.Add($"{Describe(node.Name, set.Type)}: the name is below the delegation at {ancestor.Name}, where only glue (A/AAAA) may be (RFC 1034 §4.2.1)");
                    }
                }

                return;
            }
        }
    }

    public static string Describe(DomainName name, RecordType type) => $"{name} {ResourceRecord.TypeMnemonic(type)}";
}
