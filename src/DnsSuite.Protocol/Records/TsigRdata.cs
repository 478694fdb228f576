using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// TSIG (RFC 8945 §4.2): algorithm name (never compressed), time signed (48 bits), fudge, MAC,
/// original message ID, error and other data. Presentation follows BIND:
/// <c>hmac-sha256. 1700000000 300 32 BASE64MAC 4660 NOERROR 0</c>, where the MAC and the other data
/// appear only when their length is not zero.
/// </summary>
public sealed class TsigRdata : Rdata
{
    public const ulong MaxTimeSigned = (1UL << 48) - 1;

    private readonly byte[] _mac;
    private readonly byte[] _otherData;

    public TsigRdata(DomainName algorithm, ulong timeSigned, ushort fudge, byte[] mac, ushort originalId, ResponseCode error, byte[] otherData)
    {
        if (timeSigned > MaxTimeSigned)
        {
            throw new ArgumentOutOfRangeException(nameof(timeSigned), "time signed is a 48-bit number");
        }

        if (mac.Length > ushort.MaxValue || otherData.Length > ushort.MaxValue)
        {
            throw new ArgumentException("the MAC and other data are at most 65535 octets");
        }

        Algorithm = algorithm;
        TimeSigned = timeSigned;
        Fudge = fudge;
        _mac = mac;
        OriginalId = originalId;
        Error = error;
        _otherData = otherData;
    }

    public override RecordType Type => RecordType.TSIG;

    public DomainName Algorithm { get; }

    /// <summary>Seconds since 1970 UTC.</summary>
    public ulong TimeSigned { get; }

    public ushort Fudge { get; }

    public ReadOnlySpan<byte> Mac => _mac;

    public ushort OriginalId { get; }

    /// <summary>The extended RCODE of RFC 8945 §5.3 (BADSIG, BADKEY, BADTIME, BADTRUNC) or an ordinary one.</summary>
    public ResponseCode Error { get; }

    /// <summary>Empty, or for BADTIME the server's 48-bit time (RFC 8945 §5.2.3).</summary>
    public ReadOnlySpan<byte> OtherData => _otherData;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        WriteEmbeddedName(ref writer, Algorithm, canonical, compressible: false, lowerInCanonicalForm: false);
        writer.WriteUInt48(TimeSigned);
        writer.WriteUInt16(Fudge);
        writer.WriteUInt16((ushort)_mac.Length);
        writer.WriteBytes(_mac);
        writer.WriteUInt16(OriginalId);
        writer.WriteUInt16((ushort)Error);
        writer.WriteUInt16((ushort)_otherData.Length);
        writer.WriteBytes(_otherData);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadName(out DomainName? algorithm) || !reader.TryReadUInt48(out ulong time) || !reader.TryReadUInt16(out ushort fudge)
            || !reader.TryReadUInt16(out ushort macSize) || !reader.TryReadBytes(macSize, out ReadOnlySpan<byte> mac)
            || !reader.TryReadUInt16(out ushort originalId) || !reader.TryReadUInt16(out ushort error)
            || !reader.TryReadUInt16(out ushort otherLength) || !reader.TryReadBytes(otherLength, out ReadOnlySpan<byte> other))
        {
            return false;
        }

        value = new TsigRdata(algorithm, time, fudge, mac.ToArray(), originalId, (ResponseCode)error, other.ToArray());
        return true;
    }

    internal static TsigRdata ParseText(PresentationReader reader)
    {
        DomainName algorithm = reader.ReadName();
        ZoneToken timeToken = reader.Next();
        if (!ulong.TryParse(timeToken.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong time) || time > MaxTimeSigned)
        {
            throw reader.Error(timeToken, $"TSIG time signed: expected a 48-bit number, found {Excerpt.Quote(timeToken.Text)}");
        }

        ushort fudge = reader.ReadUInt16();
        byte[] mac = ReadSizedBase64(reader, "MAC");
        ushort originalId = reader.ReadUInt16();
        ZoneToken errorToken = reader.Next();
        if (!TryParseError(errorToken.Text, out ResponseCode error))
        {
            throw reader.Error(errorToken, $"TSIG error: unknown code {Excerpt.Quote(errorToken.Text)}");
        }

        byte[] other = ReadSizedBase64(reader, "other data");
        return new TsigRdata(algorithm, time, fudge, mac, originalId, error, other);
    }

    /// <summary>A length then, unless it is zero, one base64 token of exactly that many octets.</summary>
    private static byte[] ReadSizedBase64(PresentationReader reader, string field)
    {
        ushort size = reader.ReadUInt16();
        if (size == 0)
        {
            return [];
        }

        ZoneToken token = reader.Next();
        byte[] data;
        try
        {
            data = Convert.FromBase64String(token.Text);
        }
        catch (FormatException)
        {
            throw reader.Error(token, $"TSIG {field}: invalid base64");
        }

        if (data.Length != size)
        {
            throw reader.Error(token, $"TSIG {field}: size says {size} octets but the data has {data.Length}");
        }

        return data;
    }

    private static bool TryParseError(string text, out ResponseCode error)
    {
        if (ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort code))
        {
            error = (ResponseCode)code;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out error) && !char.IsAsciiDigit(text[0]);
    }

    /// <summary>
    /// The name of a TSIG error as BIND writes it: upper-case mnemonics, 16 being BADSIG in a TSIG (RFC 8945 §3; BADVERS
    /// only in an OPT record), else the number. Logs use it too, since <see cref="ResponseCode"/>'s own names give 16 as BadVers.
    /// </summary>
    public static string ErrorMnemonic(ResponseCode error) => error switch
    {
        ResponseCode.BadSig => "BADSIG",
        _ when Enum.IsDefined(error) => error.ToString().ToUpperInvariant(),
        _ => ((ushort)error).ToString(CultureInfo.InvariantCulture),
    };

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Algorithm).Append(' ').Append(TimeSigned).Append(' ').Append(Fudge).Append(' ').Append(_mac.Length);
        if (_mac.Length > 0)
        {
            sb.Append(' ').Append(Convert.ToBase64String(_mac));
        }

        sb.Append(' ').Append(OriginalId).Append(' ').Append(ErrorMnemonic(Error)).Append(' ').Append(_otherData.Length);
        if (_otherData.Length > 0)
        {
            sb.Append(' ').Append(Convert.ToBase64String(_otherData));
        }

        return sb.ToString();
    }
}
