using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// CAA (RFC 8659 §4.1): flags, a tag of ASCII letters and digits, and a value running to the end of
/// the RDATA. Presentation: <c>0 issue "ca.example"</c>.
/// </summary>
public sealed class CaaRdata : Rdata
{
    private readonly byte[] _value;

    public CaaRdata(byte flags, string tag, byte[] value)
    {
        if (!IsValidTag(Encoding.ASCII.GetBytes(tag)))
        {
            throw new ArgumentException("a CAA tag is 1 to 255 ASCII letters and digits", nameof(tag));
        }

        Flags = flags;
        Tag = tag;
        _value = value;
    }

    public override RecordType Type => RecordType.CAA;

    public byte Flags { get; }

    /// <summary>Bit 0 of the flags: a CA that does not understand the tag must not issue (RFC 8659 §4.1).</summary>
    public bool IsCritical => (Flags & 0x80) != 0;

    public string Tag { get; }

    public ReadOnlySpan<byte> Value => _value;

    private static bool IsValidTag(ReadOnlySpan<byte> tag)
    {
        if (tag.Length is 0 or > 255)
        {
            return false;
        }

        foreach (byte b in tag)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteByte(Flags);
        writer.WriteCharacterString(Encoding.ASCII.GetBytes(Tag));
        writer.WriteBytes(_value);
    }

    internal static bool TryReadWire(ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadByte(out byte flags) || !reader.TryReadCharacterString(out ReadOnlySpan<byte> tag))
        {
            return false;
        }

        if (!IsValidTag(tag))
        {
            return reader.Fail("CAA tag must be 1 or more ASCII letters and digits");
        }

        value = new CaaRdata(flags, Encoding.ASCII.GetString(tag), reader.ReadRemaining().ToArray());
        return true;
    }

    internal static CaaRdata ParseText(PresentationReader reader)
    {
        byte flags = reader.ReadUInt8();
        ZoneToken tagToken = reader.Next();
        if (tagToken.IsQuoted || !IsValidTag(Encoding.ASCII.GetBytes(tagToken.Text)))
        {
            throw reader.Error(tagToken, $"CAA tag {Excerpt.Quote(tagToken.Text)} must be 1 or more ASCII letters and digits");
        }

        return new CaaRdata(flags, tagToken.Text, reader.ReadOctets());
    }

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Flags).Append(' ').Append(Tag).Append(' ');
        PresentationReader.AppendQuoted(sb, _value);
        return sb.ToString();
    }
}
