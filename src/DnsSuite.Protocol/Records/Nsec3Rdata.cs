using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// NSEC3 (RFC 5155 §3.2): hash parameters, the next hashed owner name (base32hex without padding in
/// presentation, RFC 5155 §3.3) and the type bit maps.
/// </summary>
public sealed class Nsec3Rdata : Rdata
{
    /// <summary>The Opt-Out flag (RFC 5155 §3.1.2.1).</summary>
    public const byte OptOutFlag = 0x01;

    private readonly byte[] _salt;
    private readonly byte[] _nextHashedOwner;
    private readonly byte[] _bitmap;

    public Nsec3Rdata(byte hashAlgorithm, byte flags, ushort iterations, byte[] salt, byte[] nextHashedOwner, IEnumerable<RecordType> types)
        : this(hashAlgorithm, flags, iterations, salt, nextHashedOwner, TypeBitmap.Encode(types))
    {
    }

    private Nsec3Rdata(byte hashAlgorithm, byte flags, ushort iterations, byte[] salt, byte[] nextHashedOwner, byte[] bitmap)
    {
        if (salt.Length > 255)
        {
            throw new ArgumentException("an NSEC3 salt is at most 255 octets", nameof(salt));
        }

        if (nextHashedOwner.Length is 0 or > 255)
        {
            throw new ArgumentException("an NSEC3 next hashed owner name is 1 to 255 octets", nameof(nextHashedOwner));
        }

        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        _salt = salt;
        _nextHashedOwner = nextHashedOwner;
        _bitmap = bitmap;
    }

    public override RecordType Type => RecordType.NSEC3;

    public byte HashAlgorithm { get; }

    public byte Flags { get; }

    public bool IsOptOut => (Flags & OptOutFlag) != 0;

    public ushort Iterations { get; }

    public ReadOnlySpan<byte> Salt => _salt;

    public ReadOnlySpan<byte> NextHashedOwner => _nextHashedOwner;

    /// <summary>The types present at the original owner, in increasing order (decoded on each call).</summary>
    public IReadOnlyList<RecordType> Types => TypeBitmap.Decode(_bitmap);

    public bool HasType(RecordType type) => TypeBitmap.Contains(_bitmap, type);

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        Nsec3ParamRdata.WriteParameters(ref writer, HashAlgorithm, Flags, Iterations, _salt);
        writer.WriteByte((byte)_nextHashedOwner.Length);
        writer.WriteBytes(_nextHashedOwner);
        writer.WriteBytes(_bitmap);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!Nsec3ParamRdata.TryReadParameters(ref reader, out byte hashAlgorithm, out byte flags, out ushort iterations, out ReadOnlySpan<byte> salt)
            || !reader.TryReadCharacterString(out ReadOnlySpan<byte> next))
        {
            return false;
        }

        if (next.IsEmpty)
        {
            return reader.Fail("NSEC3 next hashed owner name is empty");
        }

        ReadOnlySpan<byte> bitmap = reader.ReadRemaining();
        if (!TypeBitmap.IsWellFormed(bitmap, out string? error))
        {
            return reader.Fail($"NSEC3 {error}");
        }

        value = new Nsec3Rdata(hashAlgorithm, flags, iterations, salt.ToArray(), next.ToArray(), bitmap.ToArray());
        return true;
    }

    internal static Nsec3Rdata ParseText(PresentationReader reader)
    {
        (byte hashAlgorithm, byte flags, ushort iterations, byte[] salt) = Nsec3ParamRdata.ReadParametersText(reader, "NSEC3");
        ZoneToken nextToken = reader.Next();
        if (!Base32Hex.TryDecode(nextToken.Text, out byte[] next) || next.Length is 0 or > 255)
        {
            throw reader.Error(nextToken, $"NSEC3 next hashed owner name: invalid base32hex {Excerpt.Quote(nextToken.Text)}");
        }

        return new Nsec3Rdata(hashAlgorithm, flags, iterations, salt, next, TypeBitmap.ParseText(reader, "NSEC3"));
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Nsec3ParamRdata.AppendParameters(sb, HashAlgorithm, Flags, Iterations, _salt);
        sb.Append(' ').Append(Base32Hex.Encode(_nextHashedOwner));
        TypeBitmap.Append(sb, _bitmap);
        return sb.ToString();
    }
}
