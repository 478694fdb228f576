using System.Security.Cryptography;
using System.Text;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// Maps a snapshot key to a file name that is safe on every file system: the key's UTF-8 bytes, with
/// a-z, 0-9, '-', '_' and (not first) '.' kept and every other byte written as %XX. Upper-case letters are
/// escaped too, so keys differing only in case stay distinct on case-insensitive file systems. A name
/// longer than 200 characters is cut and followed by '~' and the SHA-256 of the key ('~' never appears
/// otherwise, so the forms cannot collide). The key itself is stored in the file; the name only finds it.
/// </summary>
internal static class SnapshotFileName
{
    public const string Extension = ".snap";
    private const int MaxStemLength = 200;

    public static string For(byte[] keyUtf8)
    {
        var stem = new StringBuilder(keyUtf8.Length);
        for (var i = 0; i < keyUtf8.Length; i++)
        {
            var b = keyUtf8[i];
            var plain = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_'
                || (b == (byte)'.' && i > 0);
            if (plain)
            {
                stem.Append((char)b);
            }
            else
            {
                stem.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (stem.Length > MaxStemLength)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(keyUtf8));
            stem.Length = MaxStemLength - hash.Length - 1;
            stem.Append('~').Append(hash);
        }

        return stem.Append(Extension).ToString();
    }
}
