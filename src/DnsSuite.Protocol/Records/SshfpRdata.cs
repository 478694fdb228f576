using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>SSHFP (RFC 4255 §3.1): algorithm, fingerprint type and the fingerprint (hex in presentation).</summary>
public sealed class SshfpRdata : Rdata
{
    private readonly byte[] _fingerprint;

    public SshfpRdata(byte algorithm, byte fingerprintType, byte[] fingerprint)
    {
        if (fingerprint.Length == 0)
        {
            throw new ArgumentException("an SSHFP fingerprint is not empty", nameof(fingerprint));
        }

        Algorithm = algorithm;
        FingerprintType = fingerprintType;
        _fingerprint = fingerprint;
    }

    public override RecordType Type => RecordType.SSHFP;

    public byte Algorithm { get; }

    public byte FingerprintType { get; }

    public ReadOnlySpan<byte> Fingerprint => _fingerprint;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteByte(Algorithm);
        writer.WriteByte(FingerprintType);
        writer.WriteBytes(_fingerprint);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadByte(out byte algorithm) || !reader.TryReadByte(out byte type))
        {
            return false;
        }

        if (reader.Remaining == 0)
        {
            return reader.Fail("SSHFP fingerprint is empty");
        }

        value = new SshfpRdata(algorithm, type, reader.ReadRemaining().ToArray());
        return true;
    }

    internal static SshfpRdata ParseText(PresentationReader reader) => new(reader.ReadUInt8(), reader.ReadUInt8(), reader.ReadHexToEnd());

    public override string ToString() => $"{Algorithm} {FingerprintType} {Convert.ToHexString(_fingerprint)}";
}
