using System.Text;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// The type bit maps of NSEC and NSEC3 (RFC 4034 §4.1.2, RFC 5155 §3.2.1): window blocks of a window
/// number, a bitmap length of 1 to 32 and the bitmap, in increasing window order, trailing zero
/// octets omitted. Records keep the encoded octets; these helpers build, check and print them.
/// </summary>
internal static class TypeBitmap
{
    public static byte[] Encode(IEnumerable<RecordType> types)
    {
        ushort[] sorted = [.. types.Select(t => (ushort)t).Distinct().Order()];
        var output = new List<byte>();
        Span<byte> bits = stackalloc byte[32];
        int index = 0;
        while (index < sorted.Length)
        {
            int window = sorted[index] >> 8;
            bits.Clear();
            int length = 0;
            for (; index < sorted.Length && sorted[index] >> 8 == window; index++)
            {
                int low = sorted[index] & 0xFF;
                bits[low >> 3] |= (byte)(0x80 >> (low & 7));
                length = (low >> 3) + 1;
            }

            output.Add((byte)window);
            output.Add((byte)length);
            output.AddRange(bits[..length]);
        }

        return [.. output];
    }

    /// <summary>Checks the structure of encoded bit maps; <paramref name="error"/> says what is wrong.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> bitmap, out string? error)
    {
        int previousWindow = -1;
        int i = 0;
        while (i < bitmap.Length)
        {
            if (i + 2 > bitmap.Length)
            {
                error = "type bitmap: truncated window block header";
                return false;
            }

            int window = bitmap[i];
            int length = bitmap[i + 1];
            if (window <= previousWindow)
            {
                error = "type bitmap: window blocks not in increasing order";
                return false;
            }

            if (length is 0 or > 32)
            {
                error = $"type bitmap: bitmap length {length} is not 1..32";
                return false;
            }

            if (i + 2 + length > bitmap.Length)
            {
                error = "type bitmap: truncated bitmap";
                return false;
            }

            if (bitmap[i + 1 + length] == 0)
            {
                error = "type bitmap: trailing zero octet in a window block";
                return false;
            }

            previousWindow = window;
            i += 2 + length;
        }

        error = null;
        return true;
    }

    /// <summary>The types of well-formed bit maps, in increasing order.</summary>
    public static IReadOnlyList<RecordType> Decode(ReadOnlySpan<byte> bitmap)
    {
        var types = new List<RecordType>();
        for (int i = 0; i < bitmap.Length; i += 2 + bitmap[i + 1])
        {
            int window = bitmap[i];
            ReadOnlySpan<byte> bits = bitmap.Slice(i + 2, bitmap[i + 1]);
            for (int octet = 0; octet < bits.Length; octet++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((bits[octet] & (0x80 >> bit)) != 0)
                    {
                        types.Add((RecordType)((window << 8) | (octet << 3) | bit));
                    }
                }
            }
        }

        return types;
    }

    public static bool Contains(ReadOnlySpan<byte> bitmap, RecordType type)
    {
        int window = (ushort)type >> 8;
        int low = (ushort)type & 0xFF;
        for (int i = 0; i < bitmap.Length; i += 2 + bitmap[i + 1])
        {
            if (bitmap[i] == window)
            {
                int octet = low >> 3;
                return octet < bitmap[i + 1] && (bitmap[i + 2 + octet] & (0x80 >> (low & 7))) != 0;
            }
        }

        return false;
    }

    /// <summary>Appends " TYPE1 TYPE2 ..." (a leading space per type) using mnemonics or TYPEnnn.</summary>
    public static void Append(StringBuilder sb, ReadOnlySpan<byte> bitmap)
    {
        foreach (RecordType type in Decode(bitmap))
        {
            sb.Append(' ').Append(ResourceRecord.TypeMnemonic(type));
        }
    }

    /// <summary>Reads the remaining tokens as type mnemonics (or TYPEnnn) and encodes them.</summary>
    public static byte[] ParseText(PresentationReader reader, string owner)
    {
        var types = new List<RecordType>();
        while (!reader.AtEnd)
        {
            ZoneToken token = reader.Next();
            if (!ResourceRecord.TryParseType(token.Text, out RecordType type))
            {
                throw reader.Error(token, $"{owner} type bitmap: unknown type {Excerpt.Quote(token.Text)}");
            }

            types.Add(type);
        }

        return Encode(types);
    }
}
