using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// SRV (RFC 2782). The target is never compressed (RFC 2782 "Target", RFC 3597 §4) and is
/// lower-cased in canonical form (RFC 4034 §6.2).
/// </summary>
public sealed class SrvRdata : Rdata
{
    public SrvRdata(ushort priority, ushort weight, ushort port, DomainName target)
    {
        Priority = priority;
        Weight = weight;
        Port = port;
        Target = target;
    }

    public override RecordType Type => RecordType.SRV;

    public ushort Priority { get; }

    public ushort Weight { get; }

    public ushort Port { get; }

    public DomainName Target { get; }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        WriteEmbeddedName(ref writer, Target, canonical, compressible: false, lowerInCanonicalForm: true);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadUInt16(out ushort priority) && reader.TryReadUInt16(out ushort weight)
            && reader.TryReadUInt16(out ushort port) && reader.TryReadName(out DomainName? target)
            ? new SrvRdata(priority, weight, port, target)
            : null;
        return value is not null;
    }

    internal static SrvRdata ParseText(PresentationReader reader) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadName());

    public override string ToString() => $"{Priority} {Weight} {Port} {Target}";
}
