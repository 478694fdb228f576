using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>AAAA: a 128-bit IPv6 address (RFC 3596 §2.2), kept as an integer to stay small in large zones.</summary>
public sealed class AaaaRdata : Rdata
{
    private readonly UInt128 _address;

    public AaaaRdata(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException("an AAAA record holds an IPv6 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        _address = BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private AaaaRdata(UInt128 address) => _address = address;

    public override RecordType Type => RecordType.AAAA;

    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(bytes, _address);
            return new IPAddress(bytes);
        }
    }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _address);
        writer.WriteBytes(bytes);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadBytes(16, out ReadOnlySpan<byte> bytes) ? new AaaaRdata(BinaryPrimitives.ReadUInt128BigEndian(bytes)) : null;
        return value is not null;
    }

    internal static AaaaRdata ParseText(PresentationReader reader) => new(reader.ReadIPv6());

    public override string ToString() => Address.ToString();
}
