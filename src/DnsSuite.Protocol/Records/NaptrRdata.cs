using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// NAPTR (RFC 3403 §4.1): order, preference, three &lt;character-string&gt;s (flags, services,
/// regexp) and a replacement name, which is never compressed and is lower-cased in canonical form
/// (RFC 3403 §4.1, RFC 4034 §6.2).
/// </summary>
public sealed class NaptrRdata : Rdata
{
    private readonly byte[] _flags;
    private readonly byte[] _services;
    private readonly byte[] _regexp;

    public NaptrRdata(ushort order, ushort preference, byte[] flags, byte[] services, byte[] regexp, DomainName replacement)
    {
        if (flags.Length > 255 || services.Length > 255 || regexp.Length > 255)
        {
            throw new ArgumentException("NAPTR flags, services and regexp are character-strings of at most 255 octets");
        }

        Order = order;
        Preference = preference;
        _flags = flags;
        _services = services;
        _regexp = regexp;
        Replacement = replacement;
    }

    public override RecordType Type => RecordType.NAPTR;

    public ushort Order { get; }

    public ushort Preference { get; }

    public ReadOnlySpan<byte> Flags => _flags;

    public ReadOnlySpan<byte> Services => _services;

    public ReadOnlySpan<byte> Regexp => _regexp;

    public DomainName Replacement { get; }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(Order);
        writer.WriteUInt16(Preference);
        writer.WriteCharacterString(_flags);
        writer.WriteCharacterString(_services);
        writer.WriteCharacterString(_regexp);
        WriteEmbeddedName(ref writer, Replacement, canonical, compressible: false, lowerInCanonicalForm: true);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadUInt16(out ushort order) || !reader.TryReadUInt16(out ushort preference)
            || !reader.TryReadCharacterString(out ReadOnlySpan<byte> flags)
            || !reader.TryReadCharacterString(out ReadOnlySpan<byte> services)
            || !reader.TryReadCharacterString(out ReadOnlySpan<byte> regexp)
            || !reader.TryReadName(out DomainName? replacement))
        {
            return false;
        }

        value = new NaptrRdata(order, preference, flags.ToArray(), services.ToArray(), regexp.ToArray(), replacement);
        return true;
    }

    internal static NaptrRdata ParseText(PresentationReader reader) => new(
        reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadCharacterString(), reader.ReadCharacterString(),
        reader.ReadCharacterString(), reader.ReadName());

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Order).Append(' ').Append(Preference).Append(' ');
        PresentationReader.AppendQuoted(sb, _flags);
        sb.Append(' ');
        PresentationReader.AppendQuoted(sb, _services);
        sb.Append(' ');
        PresentationReader.AppendQuoted(sb, _regexp);
        return sb.Append(' ').Append(Replacement).ToString();
    }
}
