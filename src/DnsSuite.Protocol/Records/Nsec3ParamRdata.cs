using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// NSEC3PARAM (RFC 5155 §4.2): hash algorithm, flags, iterations and salt (hex, or "-" when empty).
/// NSEC3 starts with the same four fields and shares their codec from here.
/// </summary>
public sealed class Nsec3ParamRdata : Rdata
{
    private readonly byte[] _salt;

    public Nsec3ParamRdata(byte hashAlgorithm, byte flags, ushort iterations, byte[] salt)
    {
        if (salt.Length > 255)
        {
            throw new ArgumentException("an NSEC3 salt is at most 255 octets", nameof(salt));
        }

        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        _salt = salt;
    }

    public override RecordType Type => RecordType.NSEC3PARAM;

    public byte HashAlgorithm { get; }

    public byte Flags { get; }

    public ushort Iterations { get; }

    public ReadOnlySpan<byte> Salt => _salt;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false) =>
        WriteParameters(ref writer, HashAlgorithm, Flags, Iterations, _salt);

    internal static void WriteParameters(ref DnsWriter writer, byte hashAlgorithm, byte flags, ushort iterations, ReadOnlySpan<byte> salt)
    {
        writer.WriteByte(hashAlgorithm);
        writer.WriteByte(flags);
        writer.WriteUInt16(iterations);
        writer.WriteCharacterString(salt);
    }

    internal static bool TryReadParameters(ref DnsReader reader, out byte hashAlgorithm, out byte flags, out ushort iterations, out ReadOnlySpan<byte> salt)
    {
        salt = default;
        flags = 0;
        iterations = 0;
        return reader.TryReadByte(out hashAlgorithm) && reader.TryReadByte(out flags) && reader.TryReadUInt16(out iterations)
            && reader.TryReadCharacterString(out salt);
    }

    internal static (byte HashAlgorithm, byte Flags, ushort Iterations, byte[] Salt) ReadParametersText(PresentationReader reader, string owner)
    {
        byte hashAlgorithm = reader.ReadUInt8();
        byte flags = reader.ReadUInt8();
        ushort iterations = reader.ReadUInt16();
        ZoneToken saltToken = reader.Next();
        byte[] salt = [];
        if (saltToken.Text != "-"
            && (saltToken.Text.Length % 2 != 0 || !TryDecodeHex(saltToken.Text, out salt) || salt.Length is 0 or > 255))
        {
            throw reader.Error(saltToken, $"{owner} salt: expected \"-\" or 1 to 255 octets of hex, found {Excerpt.Quote(saltToken.Text)}");
        }

        return (hashAlgorithm, flags, iterations, salt);
    }

    private static bool TryDecodeHex(string text, out byte[] data)
    {
        data = new byte[text.Length / 2];
        return Convert.FromHexString(text, data, out _, out int written) == System.Buffers.OperationStatus.Done && written == data.Length;
    }

    internal static void AppendParameters(StringBuilder sb, byte hashAlgorithm, byte flags, ushort iterations, ReadOnlySpan<byte> salt) =>
        sb.Append(hashAlgorithm).Append(' ').Append(flags).Append(' ').Append(iterations).Append(' ')
          .Append(salt.IsEmpty ? "-" : Convert.ToHexString(salt));

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = TryReadParameters(ref reader, out byte hashAlgorithm, out byte flags, out ushort iterations, out ReadOnlySpan<byte> salt)
            ? new Nsec3ParamRdata(hashAlgorithm, flags, iterations, salt.ToArray())
            : null;
        return value is not null;
    }

    internal static Nsec3ParamRdata ParseText(PresentationReader reader)
    {
        (byte hashAlgorithm, byte flags, ushort iterations, byte[] salt) = ReadParametersText(reader, "NSEC3PARAM");
        return new Nsec3ParamRdata(hashAlgorithm, flags, iterations, salt);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendParameters(sb, HashAlgorithm, Flags, Iterations, _salt);
        return sb.ToString();
    }
}
