using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// RDATA that is a single domain name: NS, CNAME, PTR (RFC 1035 §3.3), DNAME (RFC 6672), and the
/// obsolete MB, MD, MF, MG, MR. Names are compressed on the wire only for the RFC 1035 types and are
/// lower-cased in canonical form for all of them (RFC 4034 §6.2).
/// </summary>
public sealed class NameRdata : Rdata
{
    public NameRdata(RecordType type, DomainName target)
    {
        if (!IsNameType(type))
        {
            throw new ArgumentException($"{type} RDATA is not a single name", nameof(type));
        }

        Type = type;
        Target = target;
    }

    public override RecordType Type { get; }

    public DomainName Target { get; }

    public static bool IsNameType(RecordType type) => type is RecordType.NS or RecordType.CNAME or RecordType.PTR or RecordType.DNAME
        or RecordType.MB or RecordType.MD or RecordType.MF or RecordType.MG or RecordType.MR;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false) =>
        WriteEmbeddedName(ref writer, Target, canonical, compressible: Type != RecordType.DNAME, lowerInCanonicalForm: true);

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadName(out DomainName? target) ? new NameRdata(type, target) : null;
        return value is not null;
    }

    internal static NameRdata ParseText(RecordType type, PresentationReader reader) => new(type, reader.ReadName());

    public override string ToString() => Target.ToString();
}
