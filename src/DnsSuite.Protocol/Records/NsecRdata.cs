using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// NSEC (RFC 4034 §4.1): the next owner name and the type bit maps. The next name is never
/// compressed and keeps its case in canonical form (RFC 6840 §5.1 removed NSEC from RFC 4034 §6.2's list).
/// </summary>
public sealed class NsecRdata : Rdata
{
    private readonly byte[] _bitmap;

    public NsecRdata(DomainName nextName, IEnumerable<RecordType> types)
        : this(nextName, TypeBitmap.Encode(types))
    {
    }

    private NsecRdata(DomainName nextName, byte[] bitmap)
    {
        NextName = nextName;
        _bitmap = bitmap;
    }

    public override RecordType Type => RecordType.NSEC;

    public DomainName NextName { get; }

    /// <summary>The types present at the owner, in increasing order (decoded on each call).</summary>
    public IReadOnlyList<RecordType> Types => TypeBitmap.Decode(_bitmap);

    public bool HasType(RecordType type) => TypeBitmap.Contains(_bitmap, type);

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        WriteEmbeddedName(ref writer, NextName, canonical, compressible: false, lowerInCanonicalForm: false);
        writer.WriteBytes(_bitmap);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadName(out DomainName? next))
        {
            return false;
        }

        ReadOnlySpan<byte> bitmap = reader.ReadRemaining();
        if (!TypeBitmap.IsWellFormed(bitmap, out string? error))
        {
            return reader.Fail($"NSEC {error}");
        }

        value = new NsecRdata(next, bitmap.ToArray());
        return true;
    }

    internal static NsecRdata ParseText(PresentationReader reader) => new(reader.ReadName(), TypeBitmap.ParseText(reader, "NSEC"));

    public override string ToString()
    {
        var sb = new StringBuilder().Append(NextName);
        TypeBitmap.Append(sb, _bitmap);
        return sb.ToString();
    }
}
