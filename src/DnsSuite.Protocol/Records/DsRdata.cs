using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// DS (RFC 4034 §5.1) and CDS (RFC 7344 §3.1, same format): key tag, algorithm, digest type and
/// digest (hex in presentation). Digests of the known types must have their type's length.
/// </summary>
public sealed class DsRdata : Rdata
{
    private readonly byte[] _digest;

    public DsRdata(RecordType type, ushort keyTag, byte algorithm, byte digestType, byte[] digest)
    {
        if (type is not (RecordType.DS or RecordType.CDS))
        {
            throw new ArgumentException($"{type} is not DS or CDS", nameof(type));
        }

        if (CheckDigest(digestType, digest.Length) is { } error)
        {
            throw new ArgumentException(error, nameof(digest));
        }

        Type = type;
        KeyTag = keyTag;
        Algorithm = algorithm;
        DigestType = digestType;
        _digest = digest;
    }

    public override RecordType Type { get; }

    public ushort KeyTag { get; }

    public byte Algorithm { get; }

    public byte DigestType { get; }

    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>SHA-1 (RFC 4034), SHA-256 (RFC 4509), GOST (RFC 5933), SHA-384 (RFC 6605) digest lengths.</summary>
    private static string? CheckDigest(byte digestType, int length)
    {
        int expected = digestType switch
        {
            1 => 20,
            2 or 3 => 32,
            4 => 48,
            _ => 0,
        };
        if (length == 0)
        {
            return "digest is empty";
        }

        return expected != 0 && length != expected ? $"digest of type {digestType} must be {expected} octets, not {length}" : null;
    }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(KeyTag);
        writer.WriteByte(Algorithm);
        writer.WriteByte(DigestType);
        writer.WriteBytes(_digest);
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadUInt16(out ushort keyTag) || !reader.TryReadByte(out byte algorithm) || !reader.TryReadByte(out byte digestType))
        {
            return false;
        }

        if (CheckDigest(digestType, reader.Remaining) is { } error)
        {
            return reader.Fail($"{type} {error}");
        }

        value = new DsRdata(type, keyTag, algorithm, digestType, reader.ReadRemaining().ToArray());
        return true;
    }

    internal static DsRdata ParseText(RecordType type, PresentationReader reader)
    {
        ushort keyTag = reader.ReadUInt16();
        byte algorithm = reader.ReadUInt8();
        byte digestType = reader.ReadUInt8();
        ZoneToken first = reader.Peek();
        byte[] digest = reader.ReadHexToEnd();
        if (CheckDigest(digestType, digest.Length) is { } error)
        {
            throw reader.Error(first, $"{type} {error}");
        }

        return new DsRdata(type, keyTag, algorithm, digestType, digest);
    }

    public override string ToString() => $"{KeyTag} {Algorithm} {DigestType} {Convert.ToHexString(_digest)}";
}
