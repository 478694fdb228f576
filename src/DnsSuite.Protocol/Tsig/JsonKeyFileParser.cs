using System.Text;
using System.Text.Json;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// <c>{"keys":[{"name":"k1","algorithm":"hmac-sha256","secret":"base64"}]}</c>, read with positions so
/// that every error names a line and column. Comments and trailing commas are tolerated.
/// </summary>
internal static class JsonKeyFileParser
{
    public static IReadOnlyList<TsigKey> Parse(string text, string file)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            return ParseDocument(ref reader, utf8, file);
        }
        catch (JsonException e)
        {
            throw new TsigKeyFileException($"invalid JSON: {e.Message}", file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static List<TsigKey> ParseDocument(ref Utf8JsonReader reader, byte[] utf8, string file)
    {
        Read(ref reader, JsonTokenType.StartObject, "a JSON object", utf8, file);
        List<TsigKey>? keys = null;
        while (Read(ref reader, utf8, file) != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            if (property != "keys" || keys is not null)
            {
                throw Error(reader, utf8, file, keys is null ? $"unknown property '{property}' (expected \"keys\")" : "duplicate \"keys\"");
            }

            keys = ParseKeys(ref reader, utf8, file);
        }

        if (reader.Read())
        {
            throw Error(reader, utf8, file, "content after the JSON object");
        }

        return keys ?? throw Error(reader, utf8, file, "missing \"keys\"");
    }

    private static List<TsigKey> ParseKeys(ref Utf8JsonReader reader, byte[] utf8, string file)
    {
        Read(ref reader, JsonTokenType.StartArray, "an array of keys", utf8, file);
        var keys = new List<TsigKey>();
        var seen = new Dictionary<DomainName, (int Line, int Column)>();
        while (Read(ref reader, utf8, file) != JsonTokenType.EndArray)
        {
            (int line, int column) = Position(reader, utf8);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader, utf8, file, "expected a key object");
            }

            TsigKey key = ParseKey(ref reader, utf8, file, line, column);
            if (seen.TryGetValue(key.Name, out var first))
            {
                throw new TsigKeyFileException($"duplicate key {key.Name} (first defined on line {first.Line})", file, line, column);
            }

            seen[key.Name] = (line, column);
            keys.Add(key);
        }

        return keys;
    }

    private static TsigKey ParseKey(ref Utf8JsonReader reader, byte[] utf8, string file, int line, int column)
    {
        DomainName? name = null;
        TsigAlgorithm? algorithm = null;
        byte[]? secret = null;
        while (Read(ref reader, utf8, file) != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            if (property is not ("name" or "algorithm" or "secret"))
            {
                throw Error(reader, utf8, file, $"unknown property '{property}' (expected \"name\", \"algorithm\", \"secret\")");
            }

            if ((property == "name" && name is not null) || (property == "algorithm" && algorithm is not null) || (property == "secret" && secret is not null))
            {
                throw Error(reader, utf8, file, $"duplicate \"{property}\"");
            }

            Read(ref reader, JsonTokenType.String, $"a string for \"{property}\"", utf8, file);
            string value = reader.GetString()!;
            string? error = property switch
            {
                "name" => TsigKeyFile.ParseName(value, out name),
                "algorithm" => TsigKeyFile.ParseAlgorithm(value, out algorithm),
                _ => TsigKeyFile.ParseSecret(value, out secret),
            };
            if (error is not null)
            {
                throw Error(reader, utf8, file, name is null || property == "name" ? error : $"key {name}: {error}");
            }
        }

        string? missing = name is null ? "\"name\"" : algorithm is null ? "\"algorithm\"" : secret is null ? "\"secret\"" : null;
        if (missing is not null)
        {
            throw new TsigKeyFileException(name is null ? $"key without {missing}" : $"key {name} has no {missing}", file, line, column);
        }

        return new TsigKey(name!, algorithm!, secret!);
    }

    private static JsonTokenType Read(ref Utf8JsonReader reader, byte[] utf8, string file)
    {
        if (!reader.Read())
        {
            throw Error(reader, utf8, file, "unexpected end of the file");
        }

        return reader.TokenType;
    }

    private static void Read(ref Utf8JsonReader reader, JsonTokenType expected, string what, byte[] utf8, string file)
    {
        if (Read(ref reader, utf8, file) != expected)
        {
            throw Error(reader, utf8, file, $"expected {what}, found {reader.TokenType}");
        }
    }

    private static TsigKeyFileException Error(Utf8JsonReader reader, byte[] utf8, string file, string reason)
    {
        (int line, int column) = Position(reader, utf8);
        return new TsigKeyFileException(reason, file, line, column);
    }

    /// <summary>1-based line and column (in UTF-8 octets) of the current token.</summary>
    private static (int Line, int Column) Position(Utf8JsonReader reader, byte[] utf8)
    {
        var before = utf8.AsSpan(0, (int)Math.Min(reader.TokenStartIndex, utf8.Length));
        int lastNewline = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, before.Length - lastNewline);
    }
}
