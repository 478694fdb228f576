using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>The one place that maps an RR type to its RDATA class, for the wire and for text.</summary>
internal static class RdataCodec
{
    public static bool TryRead(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        switch (type)
        {
            case RecordType.A:
                return ARdata.TryReadWire(ref reader, out value);
            case RecordType.SOA:
                return SoaRdata.TryReadWire(ref reader, out value);
            case RecordType.TXT or RecordType.SPF:
                return TxtRdata.TryReadWire(type, ref reader, out value);
            case var t when NameRdata.IsNameType(t):
                return NameRdata.TryReadWire(type, ref reader, out value);
            default:
                value = UnknownRdata.ReadWire(type, ref reader);
                return true;
        }
    }

    public static Rdata Parse(RecordType type, PresentationReader reader) => type switch
    {
        RecordType.A => ARdata.ParseText(reader),
        RecordType.SOA => SoaRdata.ParseText(reader),
        RecordType.TXT or RecordType.SPF => TxtRdata.ParseText(type, reader),
        var t when NameRdata.IsNameType(t) => NameRdata.ParseText(type, reader),
        _ => throw reader.ErrorAtEnd($"{ResourceRecord.TypeMnemonic(type)} has no presentation format here; use the RFC 3597 form \\# length hex"),
    };
}
