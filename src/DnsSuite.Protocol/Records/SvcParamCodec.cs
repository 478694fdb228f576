using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// Wire checks and presentation forms of SvcParam values (RFC 9460 §7, §8 and Appendix A).
/// List values are comma-separated; in alpn a literal comma or backslash inside an ID is written
/// <c>\,</c> or <c>\\</c> after the usual character-string escapes are resolved (RFC 9460 Appendix A.1).
/// </summary>
internal static class SvcParamCodec
{
    private static readonly string[] Names = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"];

    public static string KeyName(ushort key) =>
        key < Names.Length ? Names[key] : "key" + key.ToString(CultureInfo.InvariantCulture);

    /// <summary>A key's name or <c>keyNNNNN</c>; key65535 is reserved as "Invalid key" (RFC 9460 §14.3.2).</summary>
    public static bool TryParseKey(string text, out ushort key)
    {
        int index = Array.IndexOf(Names, text.ToLowerInvariant());
        if (index >= 0)
        {
            key = (ushort)index;
            return true;
        }

        key = 0;
        return text.StartsWith("key", StringComparison.OrdinalIgnoreCase) && text.Length > 3
            && ushort.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out key) && key != ushort.MaxValue;
    }

    /// <summary>Checks a value's wire format; returns why it is malformed, or null.</summary>
    public static string? Validate(ushort key, ReadOnlySpan<byte> value)
    {
        switch ((SvcParamKey)key)
        {
            case SvcParamKey.Mandatory:
                if (value.IsEmpty || value.Length % 2 != 0)
                {
                    return "mandatory: length must be a non-zero multiple of 2";
                }

                for (int i = 0, previous = -1; i < value.Length; i += 2)
                {
                    int listed = BinaryPrimitives.ReadUInt16BigEndian(value[i..]);
                    if (listed == (ushort)SvcParamKey.Mandatory)
                    {
                        return "mandatory: must not list itself";
                    }

                    if (listed <= previous)
                    {
                        return "mandatory: keys not in strictly increasing order";
                    }

                    previous = listed;
                }

                return null;
            case SvcParamKey.Alpn:
                if (value.IsEmpty)
                {
                    return "alpn: empty value";
                }

                for (int i = 0; i < value.Length; i += 1 + value[i])
                {
                    if (value[i] == 0 || i + 1 + value[i] > value.Length)
                    {
                        return "alpn: empty or truncated protocol ID";
                    }
                }

                return null;
            case SvcParamKey.NoDefaultAlpn:
                return value.IsEmpty ? null : "no-default-alpn: value must be empty";
            case SvcParamKey.Port:
                return value.Length == 2 ? null : "port: length must be 2";
            case SvcParamKey.Ipv4Hint:
                return !value.IsEmpty && value.Length % 4 == 0 ? null : "ipv4hint: length must be a non-zero multiple of 4";
            case SvcParamKey.Ech:
                return value.IsEmpty ? "ech: empty value" : null;
            case SvcParamKey.Ipv6Hint:
                return !value.IsEmpty && value.Length % 16 == 0 ? null : "ipv6hint: length must be a non-zero multiple of 16";
            default:
                return null;
        }
    }

    /// <summary>Checks encoded SvcParams: key, length, value; keys strictly increasing (RFC 9460 §2.2).</summary>
    public static string? ValidateList(ReadOnlySpan<byte> parameters)
    {
        int previous = -1;
        int i = 0;
        while (i < parameters.Length)
        {
            if (i + 4 > parameters.Length)
            {
                return "SvcParam: truncated key or length";
            }

            ushort key = BinaryPrimitives.ReadUInt16BigEndian(parameters[i..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(parameters[(i + 2)..]);
            if (key == previous)
            {
                return $"SvcParam: duplicate key {KeyName(key)}";
            }

            if (key < previous)
            {
                return $"SvcParam: key {KeyName(key)} out of increasing order";
            }

            if (i + 4 + length > parameters.Length)
            {
                return $"SvcParam {KeyName(key)}: truncated value";
            }

            if (Validate(key, parameters.Slice(i + 4, length)) is { } error)
            {
                return "SvcParam " + error;
            }

            previous = key;
            i += 4 + length;
        }

        return null;
    }

    public static IEnumerable<(ushort Key, int Offset, int Length)> Enumerate(byte[] parameters)
    {
        for (int i = 0; i < parameters.Length;)
        {
            ushort key = BinaryPrimitives.ReadUInt16BigEndian(parameters.AsSpan(i));
            int length = BinaryPrimitives.ReadUInt16BigEndian(parameters.AsSpan(i + 2));
            yield return (key, i + 4, length);
            i += 4 + length;
        }
    }

    public static void Append(StringBuilder sb, ushort key, ReadOnlySpan<byte> value)
    {
        sb.Append(KeyName(key));
        switch ((SvcParamKey)key)
        {
            case SvcParamKey.Mandatory:
                sb.Append('=');
                for (int i = 0; i < value.Length; i += 2)
                {
                    sb.Append(i == 0 ? "" : ",").Append(KeyName(BinaryPrimitives.ReadUInt16BigEndian(value[i..])));
                }

                break;
            case SvcParamKey.Alpn:
                var list = new List<byte>();
                for (int i = 0; i < value.Length; i += 1 + value[i])
                {
                    if (i > 0)
                    {
                        list.Add((byte)',');
                    }

                    foreach (byte b in value.Slice(i + 1, value[i]))
                    {
                        if (b is (byte)',' or (byte)'\\')
                        {
                            list.Add((byte)'\\');
                        }

                        list.Add(b);
                    }
                }

                sb.Append('=');
                PresentationReader.AppendQuoted(sb, list.ToArray());
                break;
            case SvcParamKey.Port:
                sb.Append('=').Append(BinaryPrimitives.ReadUInt16BigEndian(value));
                break;
            case SvcParamKey.Ipv4Hint or SvcParamKey.Ipv6Hint:
                int size = key == (ushort)SvcParamKey.Ipv4Hint ? 4 : 16;
                sb.Append('=');
                for (int i = 0; i < value.Length; i += size)
                {
                    sb.Append(i == 0 ? "" : ",").Append(new IPAddress(value.Slice(i, size)));
                }

                break;
            case SvcParamKey.Ech:
                sb.Append('=').Append(Convert.ToBase64String(value));
                break;
            default:
                if (!value.IsEmpty)
                {
                    sb.Append('=');
                    PresentationReader.AppendQuoted(sb, value);
                }

                break;
        }
    }

    /// <summary>Encodes a value from its presentation form (escapes already resolved); throws naming the key.</summary>
    public static byte[] ParseValue(PresentationReader reader, ZoneToken token, ushort key, byte[] text)
    {
        string name = KeyName(key);
        string ascii = Encoding.Latin1.GetString(text);
        byte[] value = (SvcParamKey)key switch
        {
            SvcParamKey.Mandatory => ParseMandatory(reader, token, ascii),
            SvcParamKey.Alpn => ParseAlpn(reader, token, text),
            SvcParamKey.Port => ushort.TryParse(ascii, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)
                ? [(byte)(port >> 8), (byte)port]
                : throw reader.Error(token, $"SvcParam port: invalid port {Excerpt.Quote(ascii)}"),
            SvcParamKey.Ipv4Hint => ParseAddresses(reader, token, ascii, AddressFamily.InterNetwork, name),
            SvcParamKey.Ipv6Hint => ParseAddresses(reader, token, ascii, AddressFamily.InterNetworkV6, name),
            SvcParamKey.Ech => ParseBase64(reader, token, ascii),
            _ => text,
        };
        if (Validate(key, value) is { } error)
        {
            throw reader.Error(token, "SvcParam " + error);
        }

        return value;
    }

    private static byte[] ParseMandatory(PresentationReader reader, ZoneToken token, string text)
    {
        var keys = new SortedSet<ushort>();
        foreach (string item in text.Split(','))
        {
            if (!TryParseKey(item, out ushort listed))
            {
                throw reader.Error(token, $"SvcParam mandatory: unknown key {Excerpt.Quote(item)}");
            }

            if (!keys.Add(listed))
            {
                throw reader.Error(token, $"SvcParam mandatory: key {item} listed twice");
            }
        }

        return [.. keys.SelectMany(k => new[] { (byte)(k >> 8), (byte)k })];
    }

    private static byte[] ParseAlpn(PresentationReader reader, ZoneToken token, byte[] text)
    {
        var output = new List<byte>();
        var id = new List<byte>();
        void EndItem()
        {
            if (id.Count is 0 or > 255)
            {
                throw reader.Error(token, "SvcParam alpn: protocol IDs must be 1 to 255 octets");
            }

            output.Add((byte)id.Count);
            output.AddRange(id);
            id.Clear();
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\\' && i + 1 < text.Length)
            {
                id.Add(text[++i]);
            }
            else if (text[i] == (byte)',')
            {
                EndItem();
            }
            else
            {
                id.Add(text[i]);
            }
        }

        EndItem();
        return [.. output];
    }

    private static byte[] ParseAddresses(PresentationReader reader, ZoneToken token, string text, AddressFamily family, string name)
    {
        var output = new List<byte>();
        foreach (string item in text.Split(','))
        {
            if (!IPAddress.TryParse(item, out IPAddress? address) || address.AddressFamily != family
                || (family == AddressFamily.InterNetwork && item.Count(c => c == '.') != 3))
            {
                throw reader.Error(token, $"SvcParam {name}: invalid address {Excerpt.Quote(item)}");
            }

            output.AddRange(address.GetAddressBytes());
        }

        return [.. output];
    }

    private static byte[] ParseBase64(PresentationReader reader, ZoneToken token, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw reader.Error(token, "SvcParam ech: invalid base64");
        }
    }
}
