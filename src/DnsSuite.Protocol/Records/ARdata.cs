using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>A: a 32-bit IPv4 address (RFC 1035 §3.4.1), kept as an integer to stay small in large zones.</summary>
public sealed class ARdata : Rdata
{
    private readonly uint _address;

    public ARdata(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException("an A record holds an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        _address = BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    internal ARdata(uint address) => _address = address;

    public override RecordType Type => RecordType.A;

    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, _address);
            return new IPAddress(bytes);
        }
    }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false) => writer.WriteUInt32(_address);

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadUInt32(out uint address) ? new ARdata(address) : null;
        return value is not null;
    }

    internal static ARdata ParseText(PresentationReader reader) => new(reader.ReadIPv4Octets());

    public override string ToString() => Address.ToString();
}
