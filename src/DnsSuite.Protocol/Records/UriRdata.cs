using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>URI (RFC 7553 §4.5): priority, weight and a non-empty target URI running to the end of the RDATA.</summary>
public sealed class UriRdata : Rdata
{
    private readonly byte[] _target;

    public UriRdata(ushort priority, ushort weight, byte[] target)
    {
        if (target.Length == 0)
        {
            throw new ArgumentException("a URI target is not empty", nameof(target));
        }

        Priority = priority;
        Weight = weight;
        _target = target;
    }

    public override RecordType Type => RecordType.URI;

    public ushort Priority { get; }

    public ushort Weight { get; }

    public ReadOnlySpan<byte> Target => _target;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteBytes(_target);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadUInt16(out ushort priority) || !reader.TryReadUInt16(out ushort weight))
        {
            return false;
        }

        if (reader.Remaining == 0)
        {
            return reader.Fail("URI target is empty");
        }

        value = new UriRdata(priority, weight, reader.ReadRemaining().ToArray());
        return true;
    }

    internal static UriRdata ParseText(PresentationReader reader)
    {
        ushort priority = reader.ReadUInt16();
        ushort weight = reader.ReadUInt16();
        ZoneToken token = reader.Peek();
        byte[] target = reader.ReadOctets();
        if (target.Length == 0)
        {
            throw reader.Error(token, "URI target is empty");
        }

        return new UriRdata(priority, weight, target);
    }

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Priority).Append(' ').Append(Weight).Append(' ');
        PresentationReader.AppendQuoted(sb, _target);
        return sb.ToString();
    }
}
