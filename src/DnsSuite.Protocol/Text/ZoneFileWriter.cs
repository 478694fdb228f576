using System.Globalization;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Text;

/// <summary>
/// Writes records as a canonical master file: absolute names, no directives, the apex SOA first, then
/// records ordered by owner (RFC 4034 §6.1), type code, class, RDATA (RFC 4034 §6.3) and TTL, one per
/// line as <c>owner TTL CLASS TYPE rdata</c>. The same set of records always gives the same text.
/// </summary>
public static class ZoneFileWriter
{
    public static void Write(TextWriter writer, DomainName origin, IEnumerable<ResourceRecord> records)
    {
        SortKey[] keys = [.. records.Select(r => new SortKey(r, r.Data.ToCanonicalWire(), IsApexSoa(r, origin)))];
        Array.Sort(keys, Compare);
        foreach (SortKey key in keys)
        {
            ResourceRecord record = key.Record;
            writer.Write(record.Name.ToString());
            writer.Write('\t');
            writer.Write(record.Ttl.ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(ResourceRecord.ClassMnemonic(record.Class));
            writer.Write('\t');
            writer.Write(ResourceRecord.TypeMnemonic(record.Type));
            writer.Write('\t');
            writer.Write(record.Data.ToString());
            writer.Write('\n');
        }
    }

    public static string ToText(DomainName origin, IEnumerable<ResourceRecord> records)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, origin, records);
        return writer.ToString();
    }

    private static bool IsApexSoa(ResourceRecord record, DomainName origin) => record.Type == RecordType.SOA && record.Name == origin;

    private static int Compare(SortKey a, SortKey b)
    {
        if (a.ApexSoa != b.ApexSoa)
        {
            return a.ApexSoa ? -1 : 1;
        }

        int order = DomainName.CompareCanonical(a.Record.Name, b.Record.Name);
        if (order == 0)
        {
            order = ((ushort)a.Record.Type).CompareTo((ushort)b.Record.Type);
        }

        if (order == 0)
        {
            order = ((ushort)a.Record.Class).CompareTo((ushort)b.Record.Class);
        }

        if (order == 0)
        {
            order = a.CanonicalRdata.AsSpan().SequenceCompareTo(b.CanonicalRdata);
        }

        return order != 0 ? order : a.Record.Ttl.CompareTo(b.Record.Ttl);
    }

    private readonly record struct SortKey(ResourceRecord Record, byte[] CanonicalRdata, bool ApexSoa);
}
