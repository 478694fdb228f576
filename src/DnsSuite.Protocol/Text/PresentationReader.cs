using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DnsSuite.Protocol.Text;

/// <summary>
/// Reads the RDATA fields of one record in presentation format (RFC 1035 §5.1, RFC 3597 §5), one
/// token at a time. Errors throw <see cref="ZoneFormatException"/> pointing at the offending token.
/// </summary>
public sealed class PresentationReader
{
    private readonly IReadOnlyList<ZoneToken> _tokens;
    private readonly int _endLine;
    private readonly int _endColumn;
    private int _index;

    public PresentationReader(IReadOnlyList<ZoneToken> tokens, DomainName origin, string? file = null, int endLine = 0, int endColumn = 0)
        : this(tokens, 0, origin, file, endLine, endColumn)
    {
    }

    /// <summary>Reads <paramref name="tokens"/> from index <paramref name="start"/> on, so a zone-file entry's RDATA needs no copy.</summary>
    public PresentationReader(IReadOnlyList<ZoneToken> tokens, int start, DomainName origin, string? file = null, int endLine = 0, int endColumn = 0)
    {
        _tokens = tokens;
        _index = start;
        Origin = origin;
        File = file;
        _endLine = endLine;
        _endColumn = endColumn;
    }

    public DomainName Origin { get; }

    public string? File { get; }

    public bool AtEnd => _index >= _tokens.Count;

    public int RemainingCount => _tokens.Count - _index;

    public ZoneToken Peek() => AtEnd ? throw ErrorAtEnd("missing field") : _tokens[_index];

    public ZoneToken Next() => AtEnd ? throw ErrorAtEnd("missing field") : _tokens[_index++];

    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw Error(_tokens[_index], $"unexpected extra field {Excerpt.Quote(_tokens[_index].Text)}");
        }
    }

    public ZoneFormatException Error(ZoneToken token, string reason) => new(reason, File, token.Line, token.Column);

    public ZoneFormatException ErrorAtEnd(string reason)
    {
        ZoneToken last = _tokens.Count > 0 ? _tokens[^1] : new ZoneToken("", false, _endLine, _endColumn);
        return new ZoneFormatException(reason, File, last.Line, last.Column);
    }

    public DomainName ReadName()
    {
        ZoneToken token = Next();
        if (!DomainName.TryParse(token.Text, Origin, out DomainName? name, out string? error))
        {
            throw Error(token, $"invalid domain name {Excerpt.Quote(token.Text)}: {error}");
        }

        return name;
    }

    public byte ReadUInt8() => (byte)ReadUnsigned(byte.MaxValue, "8-bit");

    public ushort ReadUInt16() => (ushort)ReadUnsigned(ushort.MaxValue, "16-bit");

    public uint ReadUInt32() => (uint)ReadUnsigned(uint.MaxValue, "32-bit");

    private ulong ReadUnsigned(ulong max, string what)
    {
        ZoneToken token = Next();
        if (!ulong.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) || value > max)
        {
            throw Error(token, $"expected an unsigned {what} number, found {Excerpt.Quote(token.Text)}");
        }

        return value;
    }

    /// <summary>A TTL-style duration: seconds, or units such as <c>1h30m</c> and <c>1w</c> (BIND syntax).</summary>
    public uint ReadDuration()
    {
        ZoneToken token = Next();
        if (!TryParseDuration(token.Text, out uint value))
        {
            throw Error(token, $"expected a time value, found {Excerpt.Quote(token.Text)}");
        }

        return value;
    }

    public static bool TryParseDuration(string text, out uint seconds)
    {
        seconds = 0;
        if (text.Length == 0)
        {
            return false;
        }

        ulong total = 0;
        ulong current = 0;
        bool digits = false;
        bool units = false;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                current = current * 10 + (ulong)(c - '0');
                if (current > uint.MaxValue)
                {
                    return false;
                }

                digits = true;
                continue;
            }

            ulong multiplier = char.ToLowerInvariant(c) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => 0,
            };
            if (multiplier == 0 || !digits)
            {
                return false;
            }

            total += current * multiplier;
            current = 0;
            digits = false;
            units = true;
        }

        if (digits)
        {
            if (units)
            {
                return false;
            }

            total = current;
        }

        if (total > uint.MaxValue)
        {
            return false;
        }

        seconds = (uint)total;
        return true;
    }

    public IPAddress ReadIPv4()
    {
        Span<byte> octets = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(octets, ReadIPv4Octets());
        return new IPAddress(octets);
    }

    /// <summary>
    /// An IPv4 address, as a number in network byte order, written as RFC 1035 §3.4.1 writes it (see <see cref="TryParseIPv4"/>).
    /// </summary>
    internal uint ReadIPv4Octets()
    {
        ZoneToken token = Next();
        return TryParseIPv4(token.Text, out uint address) ? address : throw Error(token, $"expected an IPv4 address, found {Excerpt.Quote(token.Text)}");
    }

    /// <summary>
    /// Parses four decimal numbers from 0 to 255 separated by dots, as inet_pton reads them (no leading zeros, no
    /// shortened, octal or hexadecimal forms, which IPAddress.Parse accepts), into a number in network byte order.
    /// </summary>
    internal static bool TryParseIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        int octets = 0;
        int i = 0;
        while (octets < 4 && i < text.Length)
        {
            int start = i;
            uint value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 3)
            {
                value = (value * 10) + (uint)(text[i++] - '0');
            }

            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                break;
            }

            address = (address << 8) | value;
            octets++;
            if (octets < 4 && i < text.Length && text[i] == '.')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return octets == 4 && i == text.Length;
    }

    public IPAddress ReadIPv6()
    {
        ZoneToken token = Next();
        if (!IPAddress.TryParse(token.Text, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw Error(token, $"expected an IPv6 address, found {Excerpt.Quote(token.Text)}");
        }

        return address;
    }

    /// <summary>A &lt;character-string&gt;: quoted or not, with <c>\X</c> and <c>\DDD</c> escapes, at most 255 octets.</summary>
    public byte[] ReadCharacterString()
    {
        ZoneToken token = Next();
        byte[] value = Unescape(token);
        if (value.Length > 255)
        {
            throw Error(token, "character-string longer than 255 octets");
        }

        return value;
    }

    /// <summary>The raw text of the next token, escapes resolved to octets.</summary>
    public byte[] ReadOctets() => Unescape(Next());

    /// <summary>The next token's text as written.</summary>
    public string ReadWord() => Next().Text;

    /// <summary>Joins all remaining tokens and decodes them as base64 (keys and signatures may be split by spaces).</summary>
    public byte[] ReadBase64ToEnd()
    {
        ZoneToken first = Peek();
        string joined = JoinRemaining();
        try
        {
            return Convert.FromBase64String(joined);
        }
        catch (FormatException)
        {
            throw Error(first, "invalid base64 data");
        }
    }

    /// <summary>Joins all remaining tokens and decodes them as hexadecimal; "-" alone means empty where <paramref name="dashMeansEmpty"/>.</summary>
    public byte[] ReadHexToEnd(bool dashMeansEmpty = false)
    {
        ZoneToken first = Peek();
        string joined = JoinRemaining();
        if (dashMeansEmpty && joined == "-")
        {
            return [];
        }

        return ParseHex(first, joined);
    }

    public byte[] ReadHex()
    {
        ZoneToken token = Next();
        return token.Text == "-" ? [] : ParseHex(token, token.Text);
    }

    private byte[] ParseHex(ZoneToken token, string hex)
    {
        if (hex.Length % 2 != 0)
        {
            throw Error(token, "hexadecimal data with an odd number of digits");
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw Error(token, "invalid hexadecimal data");
        }
    }

    private string JoinRemaining()
    {
        var sb = new StringBuilder();
        while (!AtEnd)
        {
            sb.Append(Next().Text);
        }

        return sb.ToString();
    }

    /// <summary>Resolves <c>\X</c> and <c>\DDD</c> escapes (RFC 1035 §5.1) into octets.</summary>
    public byte[] Unescape(ZoneToken token)
    {
        string text = token.Text;
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                if (c > 0x7F)
                {
                    // Zone files are octet streams; non-ASCII text is taken as its UTF-8 octets.
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                    continue;
                }

                bytes.Add((byte)c);
                continue;
            }

            if (i + 1 >= text.Length)
            {
                throw Error(token, "dangling escape at the end");
            }

            if (char.IsAsciiDigit(text[i + 1]))
            {
                if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                {
                    throw Error(token, "\\DDD escape needs three digits");
                }

                int value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                if (value > 255)
                {
                    throw Error(token, "\\DDD escape above 255");
                }

                bytes.Add((byte)value);
                i += 3;
            }
            else
            {
                bytes.Add((byte)text[i + 1]);
                i++;
            }
        }

        return [.. bytes];
    }

    /// <summary>Quotes and escapes octets as a &lt;character-string&gt; in presentation format.</summary>
    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> value)
    {
        sb.Append('"');
        foreach (byte b in value)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b is < 0x20 or > 0x7E)
            {
                sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        sb.Append('"');
    }
}
