using System.Text;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// Base 32 with the extended hex alphabet (RFC 4648 §7) without padding, as NSEC3 uses it for
/// hashed owner names (RFC 5155 §3.3). Encodes upper case; decodes either case.
/// </summary>
internal static class Base32Hex
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                sb.Append(Alphabet[(buffer >> bits) & 0x1F]);
            }
        }

        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 0x1F]);
        }

        return sb.ToString();
    }

    /// <summary>Decodes unpadded base32hex; rejects other characters, impossible lengths and non-zero pad bits.</summary>
    public static bool TryDecode(string text, out byte[] data)
    {
        data = [];
        if ((text.Length % 8) is 1 or 3 or 6)
        {
            return false;
        }

        var output = new byte[text.Length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        foreach (char c in text)
        {
            int value = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'V' => c - 'A' + 10,
                >= 'a' and <= 'v' => c - 'a' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[index++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            return false;
        }

        data = output;
        return true;
    }
}
