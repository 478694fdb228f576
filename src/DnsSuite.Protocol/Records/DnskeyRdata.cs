using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// DNSKEY (RFC 4034 §2.1) and CDNSKEY (RFC 7344 §3.2, same format): flags, protocol, algorithm and
/// the public key (base64 in presentation).
/// </summary>
public sealed class DnskeyRdata : Rdata
{
    public const ushort ZoneKeyFlag = 0x0100;
    public const ushort SecureEntryPointFlag = 0x0001;

    private readonly byte[] _publicKey;

    public DnskeyRdata(RecordType type, ushort flags, byte protocol, byte algorithm, byte[] publicKey)
    {
        if (type is not (RecordType.DNSKEY or RecordType.CDNSKEY))
        {
            throw new ArgumentException($"{type} is not DNSKEY or CDNSKEY", nameof(type));
        }

        if (publicKey.Length == 0)
        {
            throw new ArgumentException("a DNSKEY public key is not empty", nameof(publicKey));
        }

        Type = type;
        Flags = flags;
        Protocol = protocol;
        Algorithm = algorithm;
        _publicKey = publicKey;
    }

    public override RecordType Type { get; }

    public ushort Flags { get; }

    public byte Protocol { get; }

    public byte Algorithm { get; }

    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The key tag of RFC 4034 Appendix B (the checksum over the RDATA; algorithm 1 is obsolete and not special-cased).</summary>
    public ushort KeyTag
    {
        get
        {
            uint sum = Flags + ((uint)Protocol << 8) + Algorithm;
            for (int i = 0; i < _publicKey.Length; i++)
            {
                sum += (i & 1) == 0 ? (uint)_publicKey[i] << 8 : _publicKey[i];
            }

            sum += (sum >> 16) & 0xFFFF;
            return (ushort)sum;
        }
    }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(Flags);
        writer.WriteByte(Protocol);
        writer.WriteByte(Algorithm);
        writer.WriteBytes(_publicKey);
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadUInt16(out ushort flags) || !reader.TryReadByte(out byte protocol) || !reader.TryReadByte(out byte algorithm))
        {
            return false;
        }

        if (reader.Remaining == 0)
        {
            return reader.Fail($"{type} public key is empty");
        }

        value = new DnskeyRdata(type, flags, protocol, algorithm, reader.ReadRemaining().ToArray());
        return true;
    }

    internal static DnskeyRdata ParseText(RecordType type, PresentationReader reader)
    {
        ushort flags = reader.ReadUInt16();
        byte protocol = reader.ReadUInt8();
        byte algorithm = reader.ReadUInt8();
        ZoneToken first = reader.Peek();
        byte[] key = reader.ReadBase64ToEnd();
        if (key.Length == 0)
        {
            throw reader.Error(first, $"{type} public key is empty");
        }

        return new DnskeyRdata(type, flags, protocol, algorithm, key);
    }

    public override string ToString() => $"{Flags} {Protocol} {Algorithm} {Convert.ToBase64String(_publicKey)}";
}
