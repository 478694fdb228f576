using System.Globalization;
using System.Text;

namespace DnsSuite.Protocol.Text;

/// <summary>
/// How an error message quotes its input: a short excerpt, with every character that is not printable ASCII
/// escaped, so that a log line never carries more than a glimpse of a file or message, nor control characters.
/// </summary>
public static class Excerpt
{
    /// <summary>The most characters of input an error message quotes.</summary>
    public const int MaxLength = 64;

    /// <summary>The input in single quotes, escaped, cut at <see cref="MaxLength"/> with the full length said.</summary>
    public static string Quote(string? text)
    {
        text ??= string.Empty;
        var builder = new StringBuilder(MaxLength + 32).Append('\'');
        int shown = Math.Min(text.Length, MaxLength);
        for (int i = 0; i < shown; i++)
        {
            char c = text[i];
            if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else if (c <= 0xFF)
            {
                // The zone-file escape for one octet (RFC 1035 §5.1).
                builder.Append('\\').Append(((int)c).ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        builder.Append('\'');
        if (text.Length > shown)
        {
            builder.Append(CultureInfo.InvariantCulture, $"... ({text.Length} characters)");
        }

        return builder.ToString();
    }

    /// <summary>
    /// A whole message made safe for one log line: control and non-ASCII characters escaped, and cut at
    /// <paramref name="maxLength"/> characters, for messages built from input by code that did not quote it.
    /// </summary>
    public static string Bound(string text, int maxLength = 1024)
    {
        bool clean = text.Length <= maxLength;
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        string quoted = Quote(text.Length <= maxLength ? text : text[..maxLength]);
        string inner = quoted[1..^1];
        return text.Length <= maxLength ? inner : $"{inner}... ({text.Length} characters)";
    }
}
