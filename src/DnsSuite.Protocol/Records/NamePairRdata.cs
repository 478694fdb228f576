using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// RDATA of two names: MINFO (RFC 1035 §3.3.7: RMAILBX, EMAILBX) and RP (RFC 1183 §2.2: mbox-dname,
/// txt-dname). Compressed on the wire only for MINFO, the RFC 1035 type (RFC 3597 §4); both names
/// are lower-cased in canonical form (RFC 4034 §6.2).
/// </summary>
public sealed class NamePairRdata : Rdata
{
    public NamePairRdata(RecordType type, DomainName first, DomainName second)
    {
        if (type is not (RecordType.MINFO or RecordType.RP))
        {
            throw new ArgumentException($"{type} is not MINFO or RP", nameof(type));
        }

        Type = type;
        First = first;
        Second = second;
    }

    public override RecordType Type { get; }

    /// <summary>RMAILBX (MINFO) or the responsible mailbox (RP).</summary>
    public DomainName First { get; }

    /// <summary>EMAILBX (MINFO) or the name holding TXT records (RP).</summary>
    public DomainName Second { get; }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        bool compressible = Type == RecordType.MINFO;
        WriteEmbeddedName(ref writer, First, canonical, compressible, lowerInCanonicalForm: true);
        WriteEmbeddedName(ref writer, Second, canonical, compressible, lowerInCanonicalForm: true);
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadName(out DomainName? first) && reader.TryReadName(out DomainName? second)
            ? new NamePairRdata(type, first, second)
            : null;
        return value is not null;
    }

    internal static NamePairRdata ParseText(RecordType type, PresentationReader reader) => new(type, reader.ReadName(), reader.ReadName());

    public override string ToString() => $"{First} {Second}";
}
