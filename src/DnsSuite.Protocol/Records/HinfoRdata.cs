using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>HINFO (RFC 1035 §3.3.2): two &lt;character-string&gt;s, CPU and OS (RFC 8482 reuses it for ANY answers).</summary>
public sealed class HinfoRdata : Rdata
{
    private readonly byte[] _cpu;
    private readonly byte[] _os;

    public HinfoRdata(byte[] cpu, byte[] os)
    {
        if (cpu.Length > 255 || os.Length > 255)
        {
            throw new ArgumentException("HINFO fields are character-strings of at most 255 octets");
        }

        _cpu = cpu;
        _os = os;
    }

    public override RecordType Type => RecordType.HINFO;

    public ReadOnlySpan<byte> Cpu => _cpu;

    public ReadOnlySpan<byte> OS => _os;

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteCharacterString(_cpu);
        writer.WriteCharacterString(_os);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = reader.TryReadCharacterString(out ReadOnlySpan<byte> cpu) && reader.TryReadCharacterString(out ReadOnlySpan<byte> os)
            ? new HinfoRdata(cpu.ToArray(), os.ToArray())
            : null;
        return value is not null;
    }

    internal static HinfoRdata ParseText(PresentationReader reader) => new(reader.ReadCharacterString(), reader.ReadCharacterString());

    public override string ToString()
    {
        var sb = new StringBuilder();
        PresentationReader.AppendQuoted(sb, _cpu);
        sb.Append(' ');
        PresentationReader.AppendQuoted(sb, _os);
        return sb.ToString();
    }
}
