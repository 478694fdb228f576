using System.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>RDATA of a type this codec does not interpret, kept as opaque octets (RFC 3597).</summary>
public sealed class UnknownRdata : Rdata
{
    private readonly byte[] _data;

    public UnknownRdata(RecordType type, byte[] data)
    {
        Type = type;
        _data = data;
    }

    public override RecordType Type { get; }

    public ReadOnlySpan<byte> Data => _data;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false) => writer.WriteBytes(_data);

    internal static UnknownRdata ReadWire(RecordType type, ref DnsReader reader) => new(type, reader.ReadRemaining().ToArray());

    /// <summary>RFC 3597 §5 generic presentation: <c>\# length hex</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("\\# ").Append(_data.Length);
        if (_data.Length > 0)
        {
            sb.Append(' ').Append(Convert.ToHexString(_data));
        }

        return sb.ToString();
    }
}
