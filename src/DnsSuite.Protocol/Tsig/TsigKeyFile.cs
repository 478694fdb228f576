namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// Reads TSIG keys from BIND's <c>key</c> statements (what <c>tsig-keygen</c> writes, and what
/// <c>dig -k</c> and <c>nsupdate -k</c> read) or from JSON:
/// <c>{"keys":[{"name":"k1","algorithm":"hmac-sha256","secret":"base64"}]}</c>.
/// </summary>
public static class TsigKeyFile
{
    /// <summary>Reads a key file of either syntax: JSON when its first non-blank character is '{'.</summary>
    /// <exception cref="TsigKeyFileException">The file is malformed; the message names file, line and column.</exception>
    public static IReadOnlyList<TsigKey> Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses key-file text; <paramref name="fileName"/> only names the source in errors.</summary>
    /// <exception cref="TsigKeyFileException">The text is malformed.</exception>
    public static IReadOnlyList<TsigKey> Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal)
            ? JsonKeyFileParser.Parse(text, fileName)
            : BindKeyFileParser.Parse(text, fileName);
    }

    /// <summary>A key name, relative names taken as absolute; or why not.</summary>
    internal static string? ParseName(string text, out DomainName? name) =>
        DomainName.TryParse(text, DomainName.Root, out name, out string? error) ? null : $"invalid key name '{text}': {error}";

    internal static string? ParseAlgorithm(string text, out TsigAlgorithm? algorithm) =>
        TsigAlgorithm.TryParse(text, out algorithm)
            ? null
            : $"unknown algorithm '{text}' (known: {string.Join(", ", TsigAlgorithm.All.Select(a => a.ShortName))})";

    /// <summary>Decodes a base64 secret; the reason for a failure never quotes it.</summary>
    internal static string? ParseSecret(string text, out byte[]? secret)
    {
        secret = null;
        byte[] buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out int length))
        {
            return "the secret is not valid base64";
        }

        if (length == 0)
        {
            return "the secret is empty";
        }

        secret = buffer[..length];
        return null;
    }
}
