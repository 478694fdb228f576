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
        var keys = new List<SortKey>();
        DomainName? previousName = null;
        string previousOwnerKey = "";
        foreach (ResourceRecord record in records)
        {
            if (!ReferenceEquals(record.Name, previousName))
            {
                previousName = record.Name;
                previousOwnerKey = OwnerKey(record.Name);
            }

            keys.Add(new SortKey(record, previousOwnerKey, record.Data.ToCanonicalWire(), IsApexSoa(record, origin)));
        }

        keys.Sort(Compare);
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

        int order = string.CompareOrdinal(a.OwnerKey, b.OwnerKey);
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

    /// <summary>
    /// A string whose ordinal order is the canonical name order (RFC 4034 §6.1), so sorting a million
    /// names compares flat strings: labels from the root down, each octet lower-cased and shifted up by
    /// one, each label closed by U+0000, which sorts a label before any longer label it is a prefix of.
    /// </summary>
    private static string OwnerKey(DomainName name)
    {
        ReadOnlySpan<byte> wire = name.Wire;
        Span<int> starts = stackalloc int[DomainName.MaxWireLength / 2];
        int count = 0;
        for (int offset = 0; wire[offset] != 0; offset += wire[offset] + 1)
        {
            starts[count++] = offset;
        }

        Span<char> chars = stackalloc char[DomainName.MaxWireLength];
        int position = 0;
        for (int label = count - 1; label >= 0; label--)
        {
            int start = starts[label];
            foreach (byte b in wire.Slice(start + 1, wire[start]))
            {
                chars[position++] = (char)((b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b) + 1);
            }

            chars[position++] = '\0';
        }

        return new string(chars[..position]);
    }

    private readonly record struct SortKey(ResourceRecord Record, string OwnerKey, byte[] CanonicalRdata, bool ApexSoa);
}
