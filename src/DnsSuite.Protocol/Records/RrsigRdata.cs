using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// RRSIG (RFC 4034 §3.1). The signer's name is never compressed and is lower-cased in canonical form
/// (RFC 4034 §6.2, confirmed by RFC 6840 §5.1). Expiration and inception are seconds since 1970
/// modulo 2^32 (RFC 4034 §3.1.5), shown as YYYYMMDDHHmmSS UTC.
/// </summary>
public sealed class RrsigRdata : Rdata
{
    private readonly byte[] _signature;

    public RrsigRdata(RecordType typeCovered, byte algorithm, byte labels, uint originalTtl, uint expiration, uint inception,
        ushort keyTag, DomainName signerName, byte[] signature)
    {
        if (signature.Length == 0)
        {
            throw new ArgumentException("an RRSIG signature is not empty", nameof(signature));
        }

        TypeCovered = typeCovered;
        Algorithm = algorithm;
        Labels = labels;
        OriginalTtl = originalTtl;
        Expiration = expiration;
        Inception = inception;
        KeyTag = keyTag;
        SignerName = signerName;
        _signature = signature;
    }

    public override RecordType Type => RecordType.RRSIG;

    public RecordType TypeCovered { get; }

    public byte Algorithm { get; }

    public byte Labels { get; }

    public uint OriginalTtl { get; }

    public uint Expiration { get; }

    public uint Inception { get; }

    public ushort KeyTag { get; }

    public DomainName SignerName { get; }

    public ReadOnlySpan<byte> Signature => _signature;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        WriteFieldsBeforeSignature(ref writer, canonical);
        writer.WriteBytes(_signature);
    }

    /// <summary>The RDATA without the signature: the prefix of the signed data (RFC 4034 §3.1.8.1), in canonical form when asked.</summary>
    public void WriteFieldsBeforeSignature(ref DnsWriter writer, bool canonical)
    {
        writer.WriteUInt16((ushort)TypeCovered);
        writer.WriteByte(Algorithm);
        writer.WriteByte(Labels);
        writer.WriteUInt32(OriginalTtl);
        writer.WriteUInt32(Expiration);
        writer.WriteUInt32(Inception);
        writer.WriteUInt16(KeyTag);
        WriteEmbeddedName(ref writer, SignerName, canonical, compressible: false, lowerInCanonicalForm: true);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadUInt16(out ushort covered) || !reader.TryReadByte(out byte algorithm) || !reader.TryReadByte(out byte labels)
            || !reader.TryReadUInt32(out uint ttl) || !reader.TryReadUInt32(out uint expiration) || !reader.TryReadUInt32(out uint inception)
            || !reader.TryReadUInt16(out ushort keyTag) || !reader.TryReadName(out DomainName? signer))
        {
            return false;
        }

        if (reader.Remaining == 0)
        {
            return reader.Fail("RRSIG signature is empty");
        }

        value = new RrsigRdata((RecordType)covered, algorithm, labels, ttl, expiration, inception, keyTag, signer, reader.ReadRemaining().ToArray());
        return true;
    }

    internal static RrsigRdata ParseText(PresentationReader reader)
    {
        ZoneToken typeToken = reader.Next();
        if (!ResourceRecord.TryParseType(typeToken.Text, out RecordType covered))
        {
            throw reader.Error(typeToken, $"RRSIG type covered: unknown type {Excerpt.Quote(typeToken.Text)}");
        }

        byte algorithm = reader.ReadUInt8();
        byte labels = reader.ReadUInt8();
        uint ttl = reader.ReadDuration();
        uint expiration = ReadTime(reader, "expiration");
        uint inception = ReadTime(reader, "inception");
        ushort keyTag = reader.ReadUInt16();
        DomainName signer = reader.ReadName();
        ZoneToken first = reader.Peek();
        byte[] signature = reader.ReadBase64ToEnd();
        if (signature.Length == 0)
        {
            throw reader.Error(first, "RRSIG signature is empty");
        }

        return new RrsigRdata(covered, algorithm, labels, ttl, expiration, inception, keyTag, signer, signature);
    }

    /// <summary>YYYYMMDDHHmmSS (RFC 4034 §3.2) or, like BIND, a plain count of seconds.</summary>
    private static uint ReadTime(PresentationReader reader, string field)
    {
        ZoneToken token = reader.Next();
        string text = token.Text;
        if (text.Length == 14 && DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
            && time >= DateTime.UnixEpoch)
        {
            return (uint)((ulong)(time - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond);
        }

        if (text.Length != 14 && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds))
        {
            return seconds;
        }

        throw reader.Error(token, $"RRSIG {field}: expected YYYYMMDDHHmmSS or seconds, found {Excerpt.Quote(text)}");
    }

    private static string FormatTime(uint seconds) =>
        DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public override string ToString() =>
        $"{ResourceRecord.TypeMnemonic(TypeCovered)} {Algorithm} {Labels} {OriginalTtl} {FormatTime(Expiration)} {FormatTime(Inception)} {KeyTag} {SignerName} {Convert.ToBase64String(_signature)}";
}
