using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// The one place that maps an RR type to its RDATA class, for the wire and for text. OPT is not
/// here: its RDATA is EDNS options (Messages/Edns), so read as a record it stays <see cref="UnknownRdata"/>.
/// </summary>
internal static class RdataCodec
{
    public static bool TryRead(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        switch (type)
        {
            case RecordType.A:
                return ARdata.TryReadWire(ref reader, out value);
            case RecordType.AAAA:
                return AaaaRdata.TryReadWire(ref reader, out value);
            case RecordType.SOA:
                return SoaRdata.TryReadWire(ref reader, out value);
            case RecordType.TXT or RecordType.SPF:
                return TxtRdata.TryReadWire(type, ref reader, out value);
            case var t when NameRdata.IsNameType(t):
                return NameRdata.TryReadWire(type, ref reader, out value);
            case RecordType.MX or RecordType.KX or RecordType.AFSDB:
                return MxRdata.TryReadWire(type, ref reader, out value);
            case RecordType.MINFO or RecordType.RP:
                return NamePairRdata.TryReadWire(type, ref reader, out value);
            case RecordType.HINFO:
                return HinfoRdata.TryReadWire(ref reader, out value);
            case RecordType.SRV:
                return SrvRdata.TryReadWire(ref reader, out value);
            case RecordType.NAPTR:
                return NaptrRdata.TryReadWire(ref reader, out value);
            case RecordType.CAA:
                return CaaRdata.TryReadWire(ref reader, out value);
            case RecordType.URI:
                return UriRdata.TryReadWire(ref reader, out value);
            case RecordType.SSHFP:
                return SshfpRdata.TryReadWire(ref reader, out value);
            case RecordType.TLSA or RecordType.SMIMEA:
                return TlsaRdata.TryReadWire(type, ref reader, out value);
            case RecordType.SVCB or RecordType.HTTPS:
                return SvcbRdata.TryReadWire(type, ref reader, out value);
            case RecordType.DS or RecordType.CDS:
                return DsRdata.TryReadWire(type, ref reader, out value);
            case RecordType.DNSKEY or RecordType.CDNSKEY:
                return DnskeyRdata.TryReadWire(type, ref reader, out value);
            case RecordType.RRSIG:
                return RrsigRdata.TryReadWire(ref reader, out value);
            case RecordType.NSEC:
                return NsecRdata.TryReadWire(ref reader, out value);
            case RecordType.NSEC3:
                return Nsec3Rdata.TryReadWire(ref reader, out value);
            case RecordType.NSEC3PARAM:
                return Nsec3ParamRdata.TryReadWire(ref reader, out value);
            case RecordType.TSIG:
                return TsigRdata.TryReadWire(ref reader, out value);
            default:
                value = UnknownRdata.ReadWire(type, ref reader);
                return true;
        }
    }

    public static Rdata Parse(RecordType type, PresentationReader reader) => type switch
    {
        RecordType.A => ARdata.ParseText(reader),
        RecordType.AAAA => AaaaRdata.ParseText(reader),
        RecordType.SOA => SoaRdata.ParseText(reader),
        RecordType.TXT or RecordType.SPF => TxtRdata.ParseText(type, reader),
        var t when NameRdata.IsNameType(t) => NameRdata.ParseText(type, reader),
        RecordType.MX or RecordType.KX or RecordType.AFSDB => MxRdata.ParseText(type, reader),
        RecordType.MINFO or RecordType.RP => NamePairRdata.ParseText(type, reader),
        RecordType.HINFO => HinfoRdata.ParseText(reader),
        RecordType.SRV => SrvRdata.ParseText(reader),
        RecordType.NAPTR => NaptrRdata.ParseText(reader),
        RecordType.CAA => CaaRdata.ParseText(reader),
        RecordType.URI => UriRdata.ParseText(reader),
        RecordType.SSHFP => SshfpRdata.ParseText(reader),
        RecordType.TLSA or RecordType.SMIMEA => TlsaRdata.ParseText(type, reader),
        RecordType.SVCB or RecordType.HTTPS => SvcbRdata.ParseText(type, reader),
        RecordType.DS or RecordType.CDS => DsRdata.ParseText(type, reader),
        RecordType.DNSKEY or RecordType.CDNSKEY => DnskeyRdata.ParseText(type, reader),
        RecordType.RRSIG => RrsigRdata.ParseText(reader),
        RecordType.NSEC => NsecRdata.ParseText(reader),
        RecordType.NSEC3 => Nsec3Rdata.ParseText(reader),
        RecordType.NSEC3PARAM => Nsec3ParamRdata.ParseText(reader),
        RecordType.TSIG => TsigRdata.ParseText(reader),
        _ => throw reader.ErrorAtEnd($"{ResourceRecord.TypeMnemonic(type)} has no presentation format here; use the RFC 3597 form \\# length hex"),
    };
}
