using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>TXT (RFC 1035 §3.3.14) and SPF (RFC 7208 §3.1): one or more &lt;character-string&gt;s.</summary>
public sealed class TxtRdata : Rdata
{
    private readonly byte[][] _strings;

    public TxtRdata(RecordType type, IEnumerable<byte[]> strings)
    {
        if (type is not (RecordType.TXT or RecordType.SPF))
        {
            throw new ArgumentException($"{type} is not TXT or SPF", nameof(type));
        }

        _strings = [.. strings];
        if (_strings.Length == 0 || _strings.Any(s => s.Length > 255))
        {
            throw new ArgumentException("TXT RDATA holds one or more strings of at most 255 octets", nameof(strings));
        }

        Type = type;
    }

    public TxtRdata(params string[] strings)
        : this(RecordType.TXT, strings.Select(Encoding.UTF8.GetBytes))
    {
    }

    public override RecordType Type { get; }

    public IReadOnlyList<byte[]> Strings => _strings;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        foreach (byte[] s in _strings)
        {
            writer.WriteCharacterString(s);
        }
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        var strings = new List<byte[]>();
        do
        {
            if (!reader.TryReadCharacterString(out ReadOnlySpan<byte> s))
            {
                return false;
            }

            strings.Add(s.ToArray());
        }
        while (reader.Remaining > 0);

        value = new TxtRdata(type, strings);
        return true;
    }

    internal static TxtRdata ParseText(RecordType type, PresentationReader reader)
    {
        var strings = new List<byte[]>();
        do
        {
            strings.Add(reader.ReadCharacterString());
        }
        while (!reader.AtEnd);

        return new TxtRdata(type, strings);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (byte[] s in _strings)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            PresentationReader.AppendQuoted(sb, s);
        }

        return sb.ToString();
    }
}
