using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// TLSA (RFC 6698 §2.1) and SMIMEA (RFC 8162 §2, the same format): certificate usage, selector,
/// matching type and the certificate association data (hex in presentation).
/// </summary>
public sealed class TlsaRdata : Rdata
{
    private readonly byte[] _data;

    public TlsaRdata(RecordType type, byte usage, byte selector, byte matchingType, byte[] data)
    {
        if (type is not (RecordType.TLSA or RecordType.SMIMEA))
        {
            throw new ArgumentException($"{type} is not TLSA or SMIMEA", nameof(type));
        }

        if (data.Length == 0)
        {
            throw new ArgumentException("certificate association data is not empty", nameof(data));
        }

        Type = type;
        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        _data = data;
    }

    public override RecordType Type { get; }

    public byte Usage { get; }

    public byte Selector { get; }

    public byte MatchingType { get; }

    public ReadOnlySpan<byte> CertificateAssociationData => _data;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteByte(Usage);
        writer.WriteByte(Selector);
        writer.WriteByte(MatchingType);
        writer.WriteBytes(_data);
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadByte(out byte usage) || !reader.TryReadByte(out byte selector) || !reader.TryReadByte(out byte matching))
        {
            return false;
        }

        if (reader.Remaining == 0)
        {
            return reader.Fail($"{type} certificate association data is empty");
        }

        value = new TlsaRdata(type, usage, selector, matching, reader.ReadRemaining().ToArray());
        return true;
    }

    internal static TlsaRdata ParseText(RecordType type, PresentationReader reader) =>
        new(type, reader.ReadUInt8(), reader.ReadUInt8(), reader.ReadUInt8(), reader.ReadHexToEnd());

    public override string ToString() => $"{Usage} {Selector} {MatchingType} {Convert.ToHexString(_data)}";
}
