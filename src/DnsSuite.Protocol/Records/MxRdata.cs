using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// A 16-bit number and a name: MX (RFC 1035 §3.3.9), KX (RFC 2230 §3.1) and AFSDB (RFC 1183 §1,
/// where the number is the subtype). The name is compressed on the wire only for MX, the one
/// RFC 1035 type (RFC 3597 §4), and lower-cased in canonical form for all three (RFC 4034 §6.2).
/// </summary>
public sealed class MxRdata : Rdata
{
    public MxRdata(RecordType type, ushort preference, DomainName exchange)
    {
        if (type is not (RecordType.MX or RecordType.KX or RecordType.AFSDB))
        {
            throw new ArgumentException($"{type} is not MX, KX or AFSDB", nameof(type));
        }

        Type = type;
        Preference = preference;
        Exchange = exchange;
    }

    public MxRdata(ushort preference, DomainName exchange)
        : this(RecordType.MX, preference, exchange)
    {
    }

    public override RecordType Type { get; }

    /// <summary>The preference (MX, KX) or the subtype (AFSDB).</summary>
    public ushort Preference { get; }

    /// <summary>The mail exchange (MX), key exchanger (KX) or server host (AFSDB).</summary>
    public DomainName Exchange { get; }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(Preference);
        WriteEmbeddedName(ref writer, Exchange, canonical, compressible: Type == RecordType.MX, lowerInCanonicalForm: true);
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadUInt16(out ushort preference) && reader.TryReadName(out DomainName? exchange)
            ? new MxRdata(type, preference, exchange)
            : null;
        return value is not null;
    }

    internal static MxRdata ParseText(RecordType type, PresentationReader reader) => new(type, reader.ReadUInt16(), reader.ReadName());

    public override string ToString() => $"{Preference} {Exchange}";
}
