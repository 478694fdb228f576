using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// One immutable, validated version of a zone. Safe to read from any thread without locks; versions
/// made by <see cref="ZoneTransaction"/> share every node they did not change with their basis.
/// </summary>
public sealed class ZoneVersion
{
    internal ZoneVersion(DomainName origin, ZoneNode apex, PersistentKeyedMap<DomainName, ZoneNode> belowApex, ZoneCounts counts)
    {
        Origin = origin;
        Apex = apex;
        BelowApex = belowApex;
        Counts = counts;
        RRset soa = apex.Find(RecordType.SOA)!;
        Soa = (SoaRdata)soa[0];
        SoaTtl = soa.Ttl;
    }

    public DomainName Origin { get; }

    public SoaRdata Soa { get; }

    public uint SoaTtl { get; }

    public uint Serial => Soa.Serial;

    /// <summary>Records in all RRsets, the SOA included.</summary>
    public int RecordCount => Counts.Records;

    /// <summary>Names in the zone, empty non-terminals included.</summary>
    public int NodeCount => BelowApex.Count + 1;

    /// <summary>Whether any name below the apex holds NS.</summary>
    public bool HasDelegations => Counts.Delegations > 0;

    public bool HasDnames => Counts.Dnames > 0;

    /// <summary>Whether any name's first label is <c>*</c> (RFC 4592 §2.1.1).</summary>
    public bool HasWildcards => Counts.Wildcards > 0;

    internal ZoneNode Apex { get; }

    /// <summary>Every name but the apex (see <see cref="ZoneEditor"/> for why the apex is apart).</summary>
    internal PersistentKeyedMap<DomainName, ZoneNode> BelowApex { get; }

    internal ZoneCounts Counts { get; }

    public bool TryGetNode(DomainName name, [NotNullWhen(true)] out ZoneNode? node)
    {
        if (name.LabelCount == Origin.LabelCount)
        {
            node = name == Origin ? Apex : null;
            return node is not null;
        }

        return BelowApex.TryGetValue(name, out node);
    }

    /// <summary>Looks up an uncompressed wire-format name, ignoring ASCII case, without allocating.</summary>
    public bool TryGetNode(ReadOnlySpan<byte> wireName, [NotNullWhen(true)] out ZoneNode? node)
    {
        if (wireName.Length == Origin.Wire.Length)
        {
            // Only the apex has the apex's length among the names of the zone.
            node = DomainName.WireEquals(Origin.Wire, wireName) ? Apex : null;
            return node is not null;
        }

        return BelowApex.TryGetValue(new WireNameProbe(wireName), out node);
    }

    /// <summary>Every node, empty non-terminals included, the apex first, the others in no particular order.</summary>
    public IEnumerable<ZoneNode> EnumerateNodes()
    {
        yield return Apex;
        foreach (ZoneNode node in BelowApex)
        {
            yield return node;
        }
    }

    /// <summary>The SOA, then every other record in canonical order (RFC 4034 §6.1, §6.3).</summary>
    public IEnumerable<ResourceRecord> EnumerateRecords() => EnumerateRecords(canonicalOrder: true);

    /// <summary>
    /// The SOA, then every other record: in canonical order (owner, type, RDATA), which sorts all
    /// names, or, without <paramref name="canonicalOrder"/>, in storage order, which streams at once
    /// (what AXFR wants, RFC 5936 §3.2 sets no order).
    /// </summary>
    public IEnumerable<ResourceRecord> EnumerateRecords(bool canonicalOrder)
    {
        ZoneNode apex = Apex;
        yield return new ResourceRecord(apex.Name, RecordClass.IN, SoaTtl, Soa);
        IEnumerable<ZoneNode> nodes = EnumerateNodes();
        if (canonicalOrder)
        {
            ZoneNode[] sorted = [.. nodes];
            Array.Sort(sorted, (a, b) => DomainName.CompareCanonical(a.Name, b.Name));
            nodes = sorted;
        }

        foreach (ZoneNode current in nodes)
        {
            foreach (RRset set in current)
            {
                if (set.Type == RecordType.SOA && ReferenceEquals(current, apex))
                {
                    continue;
                }

                foreach (Rdata data in set)
                {
                    yield return new ResourceRecord(current.Name, RecordClass.IN, set.Ttl, data);
                }
            }
        }
    }

    /// <summary>Builds and validates a version; throws <see cref="ZoneValidationException"/> listing every problem. TTL warnings are dropped.</summary>
    public static ZoneVersion Create(DomainName origin, IEnumerable<ResourceRecord> records) => Create(origin, records, out _);

    /// <summary>
    /// Builds and validates a version. Duplicate records collapse. Records of one RRset whose TTL
    /// differs from the RRset's first record take that first TTL, each reported in
    /// <paramref name="warnings"/> (RFC 2181 §5.2). Every other problem is collected and thrown in
    /// one <see cref="ZoneValidationException"/>. With <paramref name="maxRecordsPerRRset"/> (0: no limit), an RRset with
    /// more records is one of them (<see cref="ZoneValidationException.Oversized"/>).
    /// </summary>
    public static ZoneVersion Create(DomainName origin, IEnumerable<ResourceRecord> records, out IReadOnlyList<string> warnings, int maxRecordsPerRRset = OversizedRRset.Unlimited)
    {
        ZoneEditor editor = ZoneEditor.CreateEmpty(origin);
        var problems = new List<string>();
        var warningList = new List<string>();
        foreach (ResourceRecord record in records)
        {
            if (ZoneRules.CheckRecord(origin, record) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            RRset? current = editor.Find(record.Name, record.Type);
            if (current is null)
            {
                editor.SetRRset(record.Name, record.Type, RRset.Create(record.Ttl, record.Data));
                continue;
            }

            if (record.Ttl != current.Ttl)
            {
                warningList.Add($"{ZoneRules.Describe(record.Name, record.Type)}: TTL {record.Ttl} differs from the RRset's TTL {current.Ttl}, which is kept (RFC 2181 §5.2)");
            }

            RRset next = current.WithRecord(record.Data);
            if (!ReferenceEquals(next, current))
            {
                editor.SetRRset(record.Name, record.Type, next);
            }
        }

        OversizedRRset? oversized = ZoneRules.CheckNode(editor, origin, checkBelow: false, problems, maxRecordsPerRRset);
        foreach (ZoneNode node in editor.BelowApex)
        {
            OversizedRRset? found = ZoneRules.CheckNode(editor, node.Name, checkBelow: false, problems, maxRecordsPerRRset);
            oversized ??= found;
        }

        if (problems.Count > 0)
        {
            throw new ZoneValidationException(origin, problems) { Oversized = oversized };
        }

        warnings = warningList;
        return editor.ToVersion();
    }
}
